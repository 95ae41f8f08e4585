package lib.aws;

import java.util.List;

/**
 * Where STS has FIPS and dual-stack endpoints, so a request for one elsewhere is refused up front
 * instead of failing on a host name that does not exist. FIPS: botocore's endpoints.json (1.43)
 * lists sts-fips.REGION.amazonaws.com for the four US commercial regions, and GovCloud's regular
 * endpoints are its FIPS ones. Dual-stack: the IAM User Guide's "Dual-stack endpoint support" lists
 * sts.REGION.api.aws (commercial, GovCloud) and sts.REGION.api.amazonwebservices.com.cn (China), and
 * FIPS with dual-stack only for US and Canada; here only where both are listed (the four US regions).
 */
public final class StsEndpointVariants {
    public static final List<String> FIPS_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1");
    public static final List<String> DUAL_STACK_PARTITIONS = List.of("aws", "aws-us-gov", "aws-cn");
    public static final List<String> FIPS_DUAL_STACK_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2");

    private StsEndpointVariants() {}

    /** Null when STS has the asked variant in {@code region}; else the sentence saying where it has one. */
    public static String unavailable(String region, boolean fips, boolean dualStack) {
        if (fips && dualStack && !FIPS_DUAL_STACK_REGIONS.contains(region)) {
            return "STS has FIPS dual-stack endpoints only in " + String.join(", ", FIPS_DUAL_STACK_REGIONS) + ", not in " + region;
        }
        if (fips && !FIPS_REGIONS.contains(region)) {
            return "STS has FIPS endpoints only in " + String.join(", ", FIPS_REGIONS) + ", not in " + region;
        }
        String partition = Arns.partitionOfRegion(region);
        if (dualStack && !DUAL_STACK_PARTITIONS.contains(partition)) {
            return "STS has dual-stack endpoints only in the partitions " + String.join(", ", DUAL_STACK_PARTITIONS)
                    + ", not in " + partition + " (region " + region + ")";
        }
        return null;
    }
}
