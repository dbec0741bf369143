package io.perprisk.codecs;

import io.perprisk.codecs.sbe.BooleanType;
import io.perprisk.codecs.sbe.MessageHeaderEncoder;
import io.perprisk.codecs.sbe.NewOrderEncoder;
import io.perprisk.codecs.sbe.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The published IR file ({@code perp-risk-schema.sbeir}) generates C++ codecs with {@code sbe-tool} exactly as
 * {@code docs/protocol.md} shows; they compile with {@code g++ -std=c++17} and decode a message the Java codecs
 * encoded. Skipped where {@code g++} is missing.
 */
@Tag("slow")
class CppCodecsFromIrTest
{
    @Test
    @Timeout(300)
    void shouldGenerateCppCodecsThatCompileAndDecodeJavaEncodedMessage(@TempDir final Path dir) throws Exception
    {
        assumeTrue(commandWorks(dir, "g++", "--version"), "g++ not installed");

        final Path ir = dir.resolve("perp-risk-schema.sbeir");
        try (InputStream in = CppCodecsFromIrTest.class.getResourceAsStream("/sbe/perp-risk-schema.sbeir"))
        {
            assertNotNull(in, "the codecs jar carries sbe/perp-risk-schema.sbeir");
            Files.copy(in, ir);
        }

        // java -Dsbe.target.language=Cpp -Dsbe.output.dir=DIR -cp sbe-tool.jar:agrona.jar uk.co.real_logic.sbe.SbeTool
        final Path generated = dir.resolve("cpp");
        final List<String> sbeTool = new ArrayList<>();
        sbeTool.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        sbeTool.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        sbeTool.add("-Dsbe.target.language=Cpp");
        sbeTool.add("-Dsbe.output.dir=" + generated);
        sbeTool.add("-cp");
        sbeTool.add(System.getProperty("java.class.path"));
        sbeTool.add("uk.co.real_logic.sbe.SbeTool");
        sbeTool.add(ir.toString());
        assertEquals(0, run(dir, sbeTool), () -> "sbe-tool failed: " + read(dir.resolve("log")));

        final Path headers = generated.resolve("io_perprisk_codecs_sbe");
        final StringBuilder program = new StringBuilder();
        try (Stream<Path> files = Files.list(headers))
        {
            files.map((file) -> file.getFileName().toString()).filter((name) -> name.endsWith(".h")).sorted()
                .forEach((name) -> program.append("#include \"io_perprisk_codecs_sbe/").append(name).append("\"\n"));
        }
        assertTrue(program.toString().contains("NewOrder.h"), program::toString);
        program.append(
            "#include <cstdio>\n" +
            "#include <fstream>\n" +
            "#include <iterator>\n" +
            "#include <vector>\n" +
            "using namespace io::perprisk::codecs::sbe;\n" +
            "int main(int argc, char **argv)\n" +
            "{\n" +
            "    std::ifstream in(argv[1], std::ios::binary);\n" +
            "    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());\n" +
            "    MessageHeader header;\n" +
            "    header.wrap(bytes.data(), 0, MessageHeader::sbeSchemaVersion(), bytes.size());\n" +
            "    if (header.templateId() != NewOrder::sbeTemplateId()) { return 2; }\n" +
            "    NewOrder order;\n" +
            "    order.wrapForDecode(bytes.data(), MessageHeader::encodedLength(), header.blockLength(),\n" +
            "        header.version(), bytes.size());\n" +
            "    std::printf(\"schema=%u template=%u orderId=%lld accountId=%lld instrumentId=%d side=%s \"\n" +
            "        \"price=%lld quantity=%lld reduceOnly=%s\\n\",\n" +
            "        (unsigned)header.schemaId(), (unsigned)header.templateId(), (long long)order.orderId(),\n" +
            "        (long long)order.accountId(), (int)order.instrumentId(), Side::c_str(order.side()),\n" +
            "        (long long)order.price(), (long long)order.quantity(),\n" +
            "        BooleanType::c_str(order.reduceOnly()));\n" +
            "    return 0;\n" +
            "}\n");
        final Path source = dir.resolve("decode.cpp");
        Files.writeString(source, program, StandardCharsets.UTF_8);
        final Path binary = dir.resolve("decode");
        assertEquals(0, run(dir, List.of("g++", "-std=c++17", "-Wall", "-Werror", "-I", generated.toString(),
            "-o", binary.toString(), source.toString())), () -> "g++ failed: " + read(dir.resolve("log")));

        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .orderId(42).accountId(7).instrumentId(1).side(Side.SELL).price(10_100_00000000L).quantity(-1L >>> 2)
            .reduceOnly(BooleanType.TRUE);
        final byte[] message = new byte[MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength()];
        buffer.getBytes(0, message);
        final Path messageFile = dir.resolve("new-order.bin");
        Files.write(messageFile, message);

        assertEquals(0, run(dir, List.of(binary.toString(), messageFile.toString())), () -> read(dir.resolve("log")));
        assertEquals("schema=" + NewOrderEncoder.SCHEMA_ID + " template=" + NewOrderEncoder.TEMPLATE_ID +
            " orderId=42 accountId=7 instrumentId=1 side=SELL price=1010000000000 quantity=" + (-1L >>> 2) +
            " reduceOnly=TRUE", read(dir.resolve("log")).trim());
    }

    private static boolean commandWorks(final Path dir, final String... command)
    {
        try
        {
            return 0 == run(dir, List.of(command));
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }

    private static int run(final Path dir, final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile()).start();
        return process.waitFor();
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }
}
