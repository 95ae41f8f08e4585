package lib.aws;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one model of AWS partitions, regions and IAM ARNs that every script uses: which partitions
 * exist, which region belongs to which, where IAM answers in each, and the shapes of role and
 * managed-policy ARNs. Partitions and regions as in the AWS SDK's partitions metadata.
 */
public final class Arns {
    /** A partition, the prefix its region names start with, and the region of its IAM control plane. */
    public record Partition(String name, String regionPrefix, String iamRegion) {}

    /** Longest region prefix first: us-isob- before us-iso-; "aws" (no prefix) last. */
    public static final List<Partition> PARTITIONS = List.of(
            new Partition("aws-us-gov", "us-gov-", "us-gov-west-1"),
            new Partition("aws-iso-b", "us-isob-", "us-isob-east-1"),
            new Partition("aws-iso-f", "us-isof-", "us-isof-south-1"),
            new Partition("aws-iso-e", "eu-isoe-", "eu-isoe-west-1"),
            new Partition("aws-iso", "us-iso-", "us-iso-east-1"),
            new Partition("aws-eusc", "eusc-", "eusc-de-east-1"),
            new Partition("aws-cn", "cn-", "cn-north-1"),
            new Partition("aws", "", "us-east-1"));

    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE = Pattern.compile(
            "arn:(aws[a-z-]*):iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})");
    private static final Pattern POLICY = Pattern.compile(
            "arn:(aws[a-z-]*):iam::(\\d{12}|aws):policy/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");

    private Arns() {}

    /** An IAM role ARN taken apart: partition, account, path ("" or "a/b/") and the role name. */
    public record RoleArn(String arn, String partition, String account, String path, String name) {}

    public static boolean isRegionShaped(String region) {
        return region != null && REGION.matcher(region).matches();
    }

    public static boolean isKnownPartition(String partition) {
        return PARTITIONS.stream().anyMatch(p -> p.name().equals(partition));
    }

    /** "aws, aws-cn, ...": for messages. */
    public static String partitionNames() {
        return String.join(", ", PARTITIONS.stream().map(Partition::name).sorted().toList());
    }

    /** The partition a region belongs to, as in ARNs. */
    public static String partitionOfRegion(String region) {
        return PARTITIONS.stream().filter(p -> region.startsWith(p.regionPrefix())).findFirst().orElseThrow().name();
    }

    /** IAM is global: its control plane answers in one region per partition. */
    public static String iamRegion(String partition) {
        return PARTITIONS.stream().filter(p -> p.name().equals(partition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown partition " + partition)).iamRegion();
    }

    /**
     * A role ARN of any aws* partition, known or not (check {@link #isKnownPartition} to tell the
     * two apart in messages); null when the text is not shaped like a role ARN.
     */
    public static RoleArn parseRole(String text) {
        if (text == null) return null;
        Matcher m = ROLE.matcher(text.strip());
        return m.matches() ? new RoleArn(text.strip(), m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }

    /** The partition of a managed-policy ARN (account or "aws" for AWS managed), or null when it is not one. */
    public static String policyPartition(String text) {
        if (text == null) return null;
        Matcher m = POLICY.matcher(text.strip());
        return m.matches() ? m.group(1) : null;
    }

    public static String roleArn(String partition, String account, String name) {
        return "arn:" + partition + ":iam::" + account + ":role/" + name;
    }
}
