package io.github.setupkeys.infra;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The organization deployment synthesized once, as {@code cdk synth -c deployment=organization} would with
 * {@code context} (plus a region and an organizational unit unless given): the central template, the member
 * template as the StackSet carries it (its {@code TemplateBody}, parsed), and what cdk-nag left on both stacks.
 */
record SynthesizedOrganization(Template central, String centralRegion, Annotations centralAnnotations,
        String memberTemplateBody, Template member, Annotations memberAnnotations, Path outdir) {

    static final String ORGANIZATION_ID = "o-a1b2c3d4e5";
    static final String REGION = "eu-west-1";
    static final String ORGANIZATIONAL_UNIT = "ou-ab12-cdef3456";

    static SynthesizedOrganization synthesize(Map<String, Object> context, Path workDirectory) {
        Path outdir = workDirectory.resolve("cdk.out");
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(withDefaults(context, workDirectory))
                .build());
        OrganizationStack central = OrganizationApp.define(app);
        Stack member = (Stack) app.getNode().findChild(OrganizationApp.MEMBER_STAGE_ID).getNode()
                .findChild(MemberAccountStack.STACK_ID);
        Template centralTemplate = Template.fromStack(central);
        Map<?, ?> stackSet = (Map<?, ?>) centralTemplate.findResources("AWS::CloudFormation::StackSet").values()
                .iterator().next().get("Properties");
        String body = (String) stackSet.get("TemplateBody");
        Map<String, Object> memberTemplate = new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
        return new SynthesizedOrganization(centralTemplate, central.getRegion(), Annotations.fromStack(central), body,
                Template.fromJSON(memberTemplate), Annotations.fromStack(member), outdir);
    }

    /** The context {@code cdk.json} would hold for an organization deployment, with {@code context} on top. */
    static Map<String, Object> withDefaults(Map<String, Object> context, Path workDirectory) {
        Map<String, Object> all = new HashMap<>();
        all.put(OrganizationSettings.DEPLOYMENT, "organization");
        all.put(OrganizationSettings.ORGANIZATION_ID, ORGANIZATION_ID);
        all.put(OrganizationSettings.EVALUATION_REGION, REGION);
        all.put(OrganizationSettings.ORGANIZATIONAL_UNIT_IDS, ORGANIZATIONAL_UNIT);
        all.put(DeploymentSettings.RULE_JAR, SynthesizedStack.standInJar(workDirectory).toString());
        all.put(DeploymentSettings.REMEDIATION_DOCUMENT, SynthesizedStack.REMEDIATION_DOCUMENT.toString());
        all.putAll(context);
        return all;
    }
}
