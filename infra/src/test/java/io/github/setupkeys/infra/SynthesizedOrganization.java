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
import software.constructs.IConstruct;

/**
 * The organization deployment synthesized once, as {@code cdk synth -c deployment=organization} would with
 * {@code context} (plus a region and an organizational unit unless given): the central template, the member
 * template as the StackSet carries it (its {@code TemplateBody}, parsed), and what cdk-nag left on both stacks; with
 * near-real-time detection (the default), the forwarding template as its StackSet carries it too (else null).
 */
record SynthesizedOrganization(Template central, String centralRegion, Annotations centralAnnotations,
        String memberTemplateBody, Template member, Annotations memberAnnotations, Template forwarding,
        Annotations forwardingAnnotations, Path outdir) {

    static final String ORGANIZATION_ID = "o-a1b2c3d4e5";
    static final String REGION = "eu-west-1";
    static final String ORGANIZATIONAL_UNIT = "ou-ab12-cdef3456";

    static SynthesizedOrganization synthesize(Map<String, Object> context, Path workDirectory) {
        Path outdir = workDirectory.resolve("cdk.out");
        App app = new App(AppProps.builder().outdir(outdir.toString()).context(withDefaults(context, workDirectory))
                .build());
        OrganizationStack central = OrganizationApp.define(app);
        Stack member = stack(app, OrganizationApp.MEMBER_STAGE_ID, MemberAccountStack.STACK_ID);
        Stack forwarding = stack(app, OrganizationApp.FORWARDING_STAGE_ID, MemberEventForwardingStack.STACK_ID);
        Template centralTemplate = Template.fromStack(central);
        String body = templateBody(centralTemplate, OrganizationStack.STACK_SET_NAME);
        return new SynthesizedOrganization(centralTemplate, central.getRegion(), Annotations.fromStack(central), body,
                Template.fromJSON(parse(body)), Annotations.fromStack(member),
                forwarding == null ? null : Template.fromJSON(parse(templateBody(centralTemplate,
                        OrganizationNearRealTime.FORWARDING_STACK_SET_NAME))),
                forwarding == null ? null : Annotations.fromStack(forwarding), outdir);
    }

    private static Stack stack(App app, String stage, String id) {
        IConstruct found = app.getNode().tryFindChild(stage);
        return found == null ? null : (Stack) found.getNode().findChild(id);
    }

    /** The {@code TemplateBody} of the StackSet named {@code name}. */
    static String templateBody(Template central, String name) {
        Map<?, ?> stackSet = (Map<?, ?>) central.findResources("AWS::CloudFormation::StackSet",
                Map.of("Properties", Map.of("StackSetName", name))).values().iterator().next().get("Properties");
        return (String) stackSet.get("TemplateBody");
    }

    private static Map<String, Object> parse(String body) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
    }

    /** The context {@code cdk.json} would hold for an organization deployment, with {@code context} on top. */
    static Map<String, Object> withDefaults(Map<String, Object> context, Path workDirectory) {
        Map<String, Object> all = new HashMap<>();
        all.put(OrganizationSettings.DEPLOYMENT, "organization");
        all.put(OrganizationSettings.ORGANIZATION_ID, ORGANIZATION_ID);
        all.put(OrganizationSettings.EVALUATION_REGION, REGION);
        all.put(OrganizationSettings.ORGANIZATIONAL_UNIT_IDS, ORGANIZATIONAL_UNIT);
        all.put(DeploymentSettings.RULE_JAR, SynthesizedStack.standInJar(workDirectory).toString());
        all.put(NearRealTimeSettings.TRIGGER_JAR, SynthesizedStack.standInJar(workDirectory).toString());
        all.put(DeploymentSettings.REMEDIATION_DOCUMENT, SynthesizedStack.REMEDIATION_DOCUMENT.toString());
        all.putAll(context);
        return all;
    }
}
