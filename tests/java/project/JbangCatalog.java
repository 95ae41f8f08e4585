package project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** jbang-catalog.json, generated from catalog.yml (JBang reads only that file name). */
public final class JbangCatalog {
    private JbangCatalog() {}

    public static JsonNode catalog(Path root) {
        try {
            return new YAMLMapper().readTree(root.resolve("catalog.yml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(Path root) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.putObject("catalogs");
        ObjectNode aliases = out.putObject("aliases");
        catalog(root).path("scripts").fields().forEachRemaining(entry -> {
            ObjectNode alias = aliases.putObject(entry.getKey());
            alias.put("script-ref", entry.getValue().path("script").asText());
            alias.put("description", entry.getValue().path("description").asText());
        });
        out.putObject("templates");
        try {
            return json.writeValueAsString(out) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
