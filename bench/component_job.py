"""The assume-role component's job as a runner would run it: inputs interpolated, job variables
expanded, before_script run by bash. Lets bench/ time the component's whole before_script."""
import json
import re
from pathlib import Path

import yaml

INPUT = re.compile(r"\$\[\[\s*inputs\.([A-Za-z0-9_]+)\s*\]\]")
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(template_text, inputs, sha):
    """GitLab's $[[ ]] interpolation of the component's job document, with the spec's defaults."""
    spec_text, job_text = template_text.split("\n---\n", 1)
    spec = yaml.safe_load(spec_text)["spec"]["inputs"]
    values = {name: inputs.get(name, field.get("default")) for name, field in spec.items()}
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise ValueError(f"inputs without a value: {missing}")

    def render(match):
        value = values[match.group(1)]
        return json.dumps(value) if isinstance(value, list) else str(value)

    job_text = job_text.replace("$[[ component.sha ]]", sha)
    return yaml.safe_load(INPUT.sub(render, job_text))


def expand(value, env):
    return VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), value)


def job(root, inputs, predefined, sha="0" * 40):
    """(bash script, environment) of the component's before_script for one job."""
    document = interpolate((Path(root) / "templates/assume-role.yml").read_text(), inputs, sha)
    (definition,) = document.values()
    env = dict(predefined)
    for name, value in definition["variables"].items():
        literal = value.get("expand") is False if isinstance(value, dict) else False
        value = value["value"] if isinstance(value, dict) else value
        value = "" if value is None else str(value)  # an empty input leaves YAML's null
        env[name] = value if literal else expand(value, env)
    script = "set -eo pipefail\n" + "\n".join(definition["before_script"]) + "\n"
    return script, env


def unpack_toolkit(root, component, directory):
    """The toolkit exactly as templates/COMPONENT.yml carries it, unpacked as the job's awk does."""
    toolkit = Path(directory) / "toolkit"
    toolkit.mkdir(parents=True)
    lines = (Path(root) / f"templates/{component}.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("<<'AWS_OIDC_TOOLKIT_EOF'")) + 1
    marker, out = "# >>> aws-oidc file: ", None
    for line in lines[start:]:
        text = line[6:] if line.startswith("      ") else line
        if text == "AWS_OIDC_TOOLKIT_EOF":
            break
        if text.startswith(marker):
            out = open(toolkit / text[len(marker):], "w")
            continue
        out.write(text + "\n")
    out.close()
    return toolkit
