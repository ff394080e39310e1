package io.recallgate.http.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The few calls {@link FastRequestReader} makes of a JSON token stream: the next token, the
 * current field's name, the current string's text. Either Jackson's parser ({@link #of}) or
 * {@link JsonByteTokens}, the hand-written reader of a body's bytes; whichever, any input it
 * cannot read throws, and the reader answers "not sure".
 */
interface JsonTokens {

    /** The next token; null at the end of the input (after the one root value). */
    JsonToken next() throws IOException;

    /** After {@link JsonToken#FIELD_NAME}: the name. */
    String name() throws IOException;

    /** After {@link JsonToken#VALUE_STRING}: the string. */
    String text() throws IOException;

    /** Jackson's parser as tokens. */
    static JsonTokens of(JsonParser p) {
        return new JsonTokens() {
            @Override
            public JsonToken next() throws IOException {
                return p.nextToken();
            }

            @Override
            public String name() throws IOException {
                return p.currentName();
            }

            @Override
            public String text() throws IOException {
                return p.getText();
            }
        };
    }
}
