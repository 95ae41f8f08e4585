package lib.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An existing role as far as this toolkit manages it.
 *
 * @param arn                the role ARN
 * @param trustPolicy        the decoded AssumeRolePolicyDocument
 * @param maxSessionDuration seconds
 * @param tags               key to value
 * @param attachedPolicies   managed policy ARNs attached to the role
 */
public record RoleState(String arn, JsonNode trustPolicy, int maxSessionDuration, Map<String, String> tags,
                        List<String> attachedPolicies) {
    public RoleState {
        tags = Map.copyOf(tags);
        attachedPolicies = List.copyOf(attachedPolicies);
    }
}
