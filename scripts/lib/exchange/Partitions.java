package lib.exchange;

import java.util.regex.Pattern;

/** AWS partitions as they appear in ARNs, and the partition a region belongs to. */
public final class Partitions {
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    private Partitions() {}

    public static boolean isRegionShaped(String region) {
        return REGION.matcher(region).matches();
    }

    public static String ofRegion(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        if (region.startsWith("us-isob-")) return "aws-iso-b";
        if (region.startsWith("us-iso-")) return "aws-iso";
        if (region.startsWith("eu-isoe-")) return "aws-iso-e";
        if (region.startsWith("us-isof-")) return "aws-iso-f";
        if (region.startsWith("eusc-")) return "aws-eusc";
        return "aws";
    }
}
