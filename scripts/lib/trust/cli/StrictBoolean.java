package lib.trust.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** true or false, nothing else: "banana" is refused (exit 2), never read as false. */
public final class StrictBoolean implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new TypeConversionException("'" + lib.trust.read.Excerpt.of(value) + "' is not true or false");
    }
}
