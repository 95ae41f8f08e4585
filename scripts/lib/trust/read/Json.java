package lib.trust.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parsers for policy files, bounded: a document nested deeper than {@link #MAX_DEPTH} is
 * refused by the parser itself, so no reader or walker below ever recurses deeper than that.
 * Real trust policies, CloudFormation templates and Terraform plans stay far below it. YAML
 * gets the same limits in {@link YamlTree}, loaded only when a file is not JSON.
 */
public final class Json {
    public static final int MAX_DEPTH = 200;
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).build();
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build());

    private Json() {}
}
