package project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The spec: header of a component template. */
public record ComponentSpec(String description, List<Input> inputs) {
    public record Input(String name, String type, String defaultValue, boolean required, String description,
                        List<String> options, String regex) {}

    public static ComponentSpec read(Path template) {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(template.toFile())) {
            JsonNode spec = docs.next().path("spec");
            List<Input> inputs = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = spec.path("inputs").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode input = field.getValue();
                List<String> options = new ArrayList<>();
                input.path("options").forEach(o -> options.add(o.asText()));
                JsonNode defaultNode = input.get("default");
                inputs.add(new Input(field.getKey(), input.path("type").asText("string"),
                        defaultNode == null ? null : defaultNode.isTextual() ? defaultNode.asText() : defaultNode.toString(),
                        defaultNode == null, input.path("description").asText(""), options,
                        input.hasNonNull("regex") ? input.get("regex").asText() : null));
            }
            return new ComponentSpec(spec.path("description").asText(""), inputs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
