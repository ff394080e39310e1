package io.recallgate.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Utf8Bytes} accepts exactly what the JDK's strict decoder of the thorough way accepts. */
class Utf8BytesPropertyTest {

    @Property(tries = 20000)
    void wellFormedIsWhatTheStrictDecoderDecodes(@ForAll("bytes") byte[] b) {
        boolean decodes = JsonBodyDecoder.utf8(Buffer.buffer(b)) != null;
        assertEquals(decodes, Utf8Bytes.wellFormed(b, 0, b.length));
    }

    /** Bytes around the boundaries of the encoding among ASCII, so most arrays are near-misses. */
    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> edgy = Arbitraries.of(
                        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                        0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF)
                .map(i -> (byte) (int) i);
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E);
        // ASCII runs long enough for the eight-bytes-at-a-time skip, broken by edgy bytes anywhere
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, edgy),
                        net.jqwik.api.Tuple.of(1, any),
                        net.jqwik.api.Tuple.of(8, ascii))
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Example
    void aByteOrderMarkOrAZeroByteUpFrontIsLeftToTheThoroughWay() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8Bytes.plainJson(json, 0, json.length));
        byte[] bom = Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                .appendBytes(json)
                .getBytes();
        assertFalse(Utf8Bytes.plainJson(bom, 0, bom.length));
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
        assertTrue(Utf8Bytes.wellFormed(utf16, 0, utf16.length)); // NULs are well-formed UTF-8
        assertFalse(Utf8Bytes.plainJson(utf16, 0, utf16.length));
        assertFalse(Utf8Bytes.plainJson(json, 0, 0));
    }
}
