package io.recallgate.policy;

import java.util.List;

/** A rules folder that does not compile or is incomplete; it never becomes active. */
public final class PolicyRejectedException extends Exception {

    private final transient List<PolicyError> errors;

    public PolicyRejectedException(List<PolicyError> errors) {
        super(errors.size() + " error(s) in the rules folder: "
                + String.join("; ", errors.stream().map(PolicyError::format).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
