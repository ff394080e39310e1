package io.recallgate.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, compiles and tests a rules folder: the whole gate a folder passes before it may decide.
 * Blocking; used by the running service (off the event loop) and by the {@code check} command.
 */
public final class RuleSetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSetLoader.class);

    /** A candidate rule set and what the gate found; {@code ruleSet} is null when it did not compile. */
    public record Attempt(RuleFolder folder, RuleSet ruleSet, List<PolicyError> errors, ScenarioTestResult tests) {
        public boolean accepted() {
            return ruleSet != null && errors.isEmpty() && tests.allPassed();
        }
    }

    private final RuleSetCompiler compiler;
    private final ScenarioTests scenarioTests;

    public RuleSetLoader(Clock clock, RequestReader reader) {
        this.compiler = new RuleSetCompiler(clock);
        this.scenarioTests = new ScenarioTests(reader);
    }

    public Attempt load(Path dir) {
        RuleFolder folder;
        try {
            folder = RuleFolder.read(dir);
        } catch (RuntimeException e) {
            return new Attempt(
                    null, null, List.of(new PolicyError(null, 0, 0, e.getMessage())), ScenarioTestResult.NONE);
        }
        return load(folder);
    }

    public Attempt load(RuleFolder folder) {
        List<PolicyError> errors = new ArrayList<>();
        List<ScenarioTests.Case> cases = scenarioTests.read(folder.scenarioTests(), errors);
        RuleSet ruleSet;
        try {
            ruleSet = compiler.compile(folder);
        } catch (PolicyRejectedException e) {
            errors.addAll(0, e.errors());
            return new Attempt(folder, null, List.copyOf(errors), ScenarioTestResult.NONE);
        } catch (RuntimeException e) {
            LOG.warn("compiling rules folder failed unexpectedly", e);
            errors.add(new PolicyError(null, 0, 0, "compilation failed: " + e));
            return new Attempt(folder, null, List.copyOf(errors), ScenarioTestResult.NONE);
        }
        ScenarioTestResult tests = scenarioTests.run(ruleSet, cases);
        return new Attempt(folder, ruleSet, List.copyOf(errors), tests);
    }
}
