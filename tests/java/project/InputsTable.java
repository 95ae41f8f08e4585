package project;

/** The README's inputs table of a component, rendered from its spec: header. */
public final class InputsTable {
    private InputsTable() {}

    public static String begin(String component) {
        return "<!-- inputs:" + component + " (generated from templates/" + component + ".yml; GeneratedFilesTest) -->\n";
    }

    public static String end(String component) {
        return "<!-- /inputs:" + component + " -->\n";
    }

    public static String render(ComponentSpec spec) {
        StringBuilder table = new StringBuilder("| input | type | default | description |\n|---|---|---|---|\n");
        for (ComponentSpec.Input input : spec.inputs()) {
            String type = input.options().isEmpty() ? input.type() : String.join(" \\| ", input.options().stream().map(o -> "`" + o + "`").toList());
            String defaultValue = input.required() ? "**required**"
                    : input.defaultValue().isEmpty() ? "`\"\"`" : "`" + input.defaultValue() + "`";
            table.append("| `").append(input.name()).append("` | ").append(type).append(" | ").append(defaultValue)
                    .append(" | ").append(input.description().replace("|", "\\|").replace("\n", " ").strip()).append(" |\n");
        }
        return table.toString();
    }

    public static String embed(String readme, String component, ComponentSpec spec) {
        int begin = readme.indexOf(begin(component));
        int end = readme.indexOf(end(component));
        if (begin < 0 || end < begin) throw new IllegalStateException("README lacks the markers " + begin(component).strip());
        return readme.substring(0, begin) + begin(component) + render(spec) + readme.substring(end);
    }
}
