package io.github.setupkeys.it.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A synthesized template's value as CloudFormation would make it on deployment: each reference ({@code Ref},
 * {@code Fn::GetAtt}, as the template writes them) replaced by the value given for it, and {@code Fn::Join} joined.
 * A reference without a value, or another intrinsic function, is an error rather than left in place.
 */
public final class DeployedValues {

    private DeployedValues() {
    }

    /** {@code node} with every reference of {@code values} (keyed by the reference as the template writes it) replaced. */
    public static Object resolve(Object node, Map<Object, String> values) {
        if (values.containsKey(node)) {
            return values.get(node);
        }
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::Join")) {
                List<?> join = (List<?>) map.get("Fn::Join");
                return ((List<?>) join.get(1)).stream().map(part -> (String) resolve(part, values))
                        .collect(Collectors.joining((String) join.get(0)));
            }
            if (map.size() == 1 && map.keySet().iterator().next() instanceof String key
                    && (key.equals("Ref") || key.startsWith("Fn::"))) {
                throw new IllegalArgumentException("no value given for " + map);
            }
            Map<Object, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, value) -> resolved.put(key, resolve(value, values)));
            return resolved;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> resolve(item, values)).toList();
        }
        return node;
    }

    /** The pseudo parameters of one account and region, in the partition {@code aws}. */
    public static Map<Object, String> pseudoParameters(String account, String region) {
        return Map.of(Map.of("Ref", "AWS::Partition"), "aws", Map.of("Ref", "AWS::AccountId"), account,
                Map.of("Ref", "AWS::Region"), region, Map.of("Ref", "AWS::URLSuffix"), "amazonaws.com");
    }
}
