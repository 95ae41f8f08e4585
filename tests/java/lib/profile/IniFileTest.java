package lib.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IniFileTest {

    private static String update(String text, String section, Map<String, String> set, Set<String> remove) {
        IniFile ini = IniFile.parse(text);
        ini.update(section, set, remove);
        return ini.render();
    }

    @Test
    void rendersAnUntouchedFileByteForByte() {
        String text = "# top\r\n[default]\nregion = x\r\n\n;c\n[profile  a] # note\n  indented = 1\nlast = no newline";
        assertEquals(text, IniFile.parse(text).render());
    }

    @Test
    void appendsToACrlfFileWithCrlf() {
        String text = "[a]\r\nx = 1\r\n";
        assertEquals("[a]\r\nx = 1\r\n\r\n[b]\r\nk = v\r\n", update(text, "b", Map.of("k", "v"), Set.of()));
    }

    @Test
    void updatesASectionOfACrlfFileWithCrlf() {
        String text = "[a]\r\nx = 1\r\ny = 2\r\n";
        assertEquals("[a]\r\nx = 9\r\ny = 2\r\n", update(text, "a", Map.of("x", "9"), Set.of()));
    }

    @Test
    void writesMultiLineValuesWithTheFilesLineEnding() {
        String text = "[a]\r\nx = 1\r\n";
        String updated = update(text, "services s", Map.of("sts", "\n  endpoint_url = http://127.0.0.1:1"), Set.of());
        assertEquals("[a]\r\nx = 1\r\n\r\n[services s]\r\nsts = \r\n  endpoint_url = http://127.0.0.1:1\r\n", updated);
        assertFalse(updated.replace("\r\n", "").contains("\n"), "a bare LF in a CRLF file");
    }

    @Test
    void appendsAfterALastLineWithoutNewline() {
        assertEquals("[a]\nx = 1\n\n[b]\nk = v\n", update("[a]\nx = 1", "b", Map.of("k", "v"), Set.of()));
    }

    @Test
    void updatesASectionWhoseHeaderIsTheLastLineWithoutNewline() {
        assertEquals("[a]\nx = 1\n[ci]\nk = v\n", update("[a]\nx = 1\n[ci]", "ci", Map.of("k", "v"), Set.of()));
    }

    @Test
    void updatesTheLastKeyOfAFileWithoutTrailingNewline() {
        assertEquals("[ci]\nk = new\nother = 1\n", update("[ci]\nother = 1\nk = old", "ci", Map.of("k", "new"), Set.of()));
    }

    @Test
    void findsAProfileHeaderWithExtraSpaces() {
        String text = "[profile  x]\nregion = us-east-1\n";
        IniFile ini = IniFile.parse(text);
        assertTrue(ini.hasSection("profile x"));
        ini.update("profile x", Map.of("region", "eu-west-1"), Set.of());
        assertEquals("[profile  x]\nregion = eu-west-1\n", ini.render());
    }

    @Test
    void findsAHeaderFollowedByAComment() {
        String text = "[profile ci] # deploy role\nregion = us-east-1\n; keep me\n";
        assertEquals("[profile ci] # deploy role\nregion = eu-west-1\n; keep me\n",
                update(text, "profile ci", Map.of("region", "eu-west-1"), Set.of()));
        assertEquals(Map.of("region", "us-east-1"), IniFile.parse(text).section("profile ci"));
    }

    @Test
    void removesAKeyTogetherWithItsContinuationLines() {
        String text = "[profile ci]\ns3 =\n  max_concurrent_requests = 20\n  multipart_threshold = 64MB\nregion = a\n";
        assertEquals("[profile ci]\nregion = a\n", update(text, "profile ci", Map.of(), Set.of("s3")));
    }

    @Test
    void keepsContinuationLinesOfKeysItDoesNotTouch() {
        String text = "[profile ci]\ns3 =\n  max_concurrent_requests = 20\nregion = a\n";
        assertEquals("[profile ci]\nregion = b\ns3 =\n  max_concurrent_requests = 20\n",
                update(text, "profile ci", Map.of("region", "b"), Set.of()));
    }

    @Test
    void doesNotTakeContinuationLinesForKeys() {
        String text = "[profile ci]\ns3 =\n  region = not-a-key\n";
        assertEquals(Map.of("s3", ""), IniFile.parse(text).section("profile ci"));
    }

    @Test
    void leavesTheCommentOfTheNextSectionWithIt() {
        String text = "[a]\nx = 1\n\n# about b\n[b]\ny = 2\n";
        IniFile ini = IniFile.parse(text);
        ini.removeSection("a");
        assertEquals("\n# about b\n[b]\ny = 2\n", ini.render());
    }

    @Test
    void keepsCommentsAndOtherKeysInsideTheSection() {
        String text = "[ci]\n# rotated by the job\naws_access_key_id = OLD\nextra = keep\n";
        Map<String, String> set = new LinkedHashMap<>();
        set.put("aws_access_key_id", "NEW");
        assertEquals("[ci]\naws_access_key_id = NEW\n# rotated by the job\nextra = keep\n", update(text, "ci", set, Set.of()));
    }

    @Test
    void readsKeysWrittenWithoutSpaces() {
        assertEquals(Map.of("region", "eu-west-1", "output", "json"),
                IniFile.parse("[default]\nregion=eu-west-1\noutput =json\n").section("default"));
    }

    @Test
    void doesNotMistakeAnotherProfileWithTheSamePrefix() {
        String text = "[profile ci-prod]\nregion = a\n";
        String updated = update(text, "profile ci", Map.of("region", "b"), Set.of());
        assertEquals("[profile ci-prod]\nregion = a\n\n[profile ci]\nregion = b\n", updated);
    }

    @Test
    void namesTheDefaultProfileWithoutPrefix() {
        assertEquals("default", IniFile.configSection("default"));
        assertEquals("profile ci", IniFile.configSection("ci"));
    }
}
