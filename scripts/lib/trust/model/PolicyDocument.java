package lib.trust.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A trust policy found in an input file: its label (file and location) and its statements. */
public record PolicyDocument(String file, String label, JsonNode json, List<TrustStatement> statements) {}
