package io.recallgate.http.policy;

import io.recallgate.http.contract.BodyValidator;
import io.recallgate.http.contract.FieldError;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.model.Rfc3339;
import io.recallgate.store.PolicyArchive;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /v1/policy/versions} and {@code GET /v1/policy/versions/{version}}: every rule set
 * that was ever active, from the archive in the database, so that the {@code policyVersion} of any
 * stored decision resolves to the exact files that decided it.
 */
public final class PolicyVersionRoutes {

    /** The contract's schema of a version in a path: {@code sha256:} and 64 lowercase hex digits. */
    static final String VERSION_SCHEMA = "PolicyVersion";

    private final PolicyArchive archive;
    private final BodyValidator validator;

    public PolicyVersionRoutes(PolicyArchive archive, BodyValidator validator) {
        this.archive = archive;
        this.validator = validator.precompile(VERSION_SCHEMA);
    }

    public void list(RoutingContext ctx) {
        archive.list()
                .onSuccess(versions -> {
                    JsonArray out = new JsonArray();
                    for (PolicyArchive.Version v : versions) {
                        out.add(new JsonObject()
                                .put("version", v.version())
                                .put("activatedAt", time(v.activatedAt()))
                                .put("retiredAt", time(v.retiredAt())));
                    }
                    JsonAnswer.send(ctx, 200, new JsonObject().put("versions", out));
                })
                .onFailure(ctx::fail);
    }

    public void get(RoutingContext ctx) {
        String version = ctx.pathParam("version");
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : validator.validate(VERSION_SCHEMA, version)) {
            errors.add(new FieldError("/path/version" + e.pointer(), e.detail()));
        }
        if (!errors.isEmpty()) {
            Problems.invalidRequest(ctx, errors);
            return;
        }
        archive.find(version)
                .onSuccess(found -> {
                    if (found == null) {
                        Problems.send(
                                ctx, 404, "Not Found", "No policy version with this digest is archived.", List.of());
                    } else {
                        JsonAnswer.send(ctx, 200, json(found));
                    }
                })
                .onFailure(ctx::fail);
    }

    static JsonObject json(PolicyArchive.Archived a) {
        JsonArray files = new JsonArray();
        for (PolicyArchive.File f : a.files()) {
            JsonObject file = new JsonObject().put("path", f.path()).put("sha256", f.sha256());
            String text = utf8(f.content());
            if (text != null) {
                file.put("content", text);
            } else {
                // e.g. a .xlsx decision table: its bytes, exactly, rather than a lossy decoding
                file.put("content", Base64.getEncoder().encodeToString(f.content()));
                file.put("encoding", "base64");
            }
            files.add(file);
        }
        return new JsonObject()
                .put("version", a.version())
                .put("activatedAt", time(a.activatedAt()))
                .put("files", files);
    }

    /** The text when {@code bytes} are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String time(Instant t) {
        return t == null ? null : Rfc3339.format(t);
    }
}
