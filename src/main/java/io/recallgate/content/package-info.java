/**
 * Sensitive-content handling for message texts (POLICY.md, "Sensitive content"):
 * {@link io.recallgate.content.SensitiveScanner} finds resident ID, e-mail, mobile and bank card
 * spans in linear time without regular expressions, and {@link io.recallgate.content.Masker}
 * turns them into the {@code maskedText} of a {@code redact} decision. Neither logs nor keeps
 * the text.
 */
package io.recallgate.content;
