package io.recallgate.model;

/** Who asks for the recall. */
public record Requester(String id, Role role) {}
