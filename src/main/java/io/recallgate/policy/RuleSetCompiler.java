package io.recallgate.policy;

import io.recallgate.model.PolicySettings;
import io.recallgate.model.SettingsProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link RuleFolder} into a {@link RuleSet}. Blocking and CPU-heavy: call it off the
 * event loop.
 *
 * <p>Each build gets its own release id and is removed from the {@code KieRepository} as soon as
 * its {@code KieBase} exists, so a server that reloads every few minutes for months does not keep
 * every old module (and its classes) alive.
 */
public final class RuleSetCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSetCompiler.class);
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final Clock clock;

    public RuleSetCompiler(Clock clock) {
        this.clock = clock;
    }

    public RuleSet compile(RuleFolder folder) throws PolicyRejectedException {
        KieServices ks = KieServices.Factory.get();
        long build = BUILDS.incrementAndGet();
        ReleaseId releaseId = ks.newReleaseId("io.recallgate.policy", "rules", "1.0." + build);
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (RuleFile f : folder.ruleSources()) {
            kfs.write(RESOURCES + f.path(), f.content());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        try {
            List<PolicyError> errors = new ArrayList<>();
            for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
                if (m.getText().contains("Parser returned a null Package")) {
                    continue; // a consequence of the parse error reported for the same file
                }
                errors.add(new PolicyError(
                        relative(m.getPath()),
                        m.getLine(),
                        m.getColumn(),
                        m.getText().strip()));
            }
            if (folder.ruleSources().isEmpty()) {
                errors.add(new PolicyError(null, 0, 0, "the rules folder " + folder.dir() + " holds no rule files"));
            }
            if (!errors.isEmpty()) {
                throw new PolicyRejectedException(errors);
            }
            KieContainer container = ks.newKieContainer(releaseId);
            KieBase kieBase = container.getKieBase();
            errors.addAll(checkPrecedence(kieBase));
            PolicySettings settings = readSettings(kieBase, folder, errors);
            if (!errors.isEmpty()) {
                throw new PolicyRejectedException(errors);
            }
            LOG.info(
                    "compiled rule set {} ({} files, build {})",
                    folder.version(),
                    folder.files().size(),
                    build);
            return new RuleSet(folder, kieBase, settings, clock.instant());
        } finally {
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * Deciding rules are ordered by salience alone. Two of them with the same salience would be
     * ordered by load order, which no policy author can see, so that is an error.
     */
    private static List<PolicyError> checkPrecedence(KieBase kieBase) {
        Map<Integer, RuleImpl> bySalience = new HashMap<>();
        List<PolicyError> errors = new ArrayList<>();
        List<RuleImpl> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                rules.add((RuleImpl) r);
            }
        }
        rules.sort(Comparator.comparing(RuleImpl::getName));
        for (RuleImpl rule : rules) {
            if (!rule.getSalience().isDynamic() && rule.getSalience().getValue() == 0) {
                continue; // settings-table rows and helpers; they never decide
            }
            int salience = rule.getSalience().getValue();
            RuleImpl other = bySalience.putIfAbsent(salience, rule);
            if (other != null) {
                errors.add(new PolicyError(
                        sourceOf(rule),
                        0,
                        0,
                        "rules \"" + other.getName() + "\" and \""
                                + rule.getName() + "\" both have salience " + salience
                                + "; give each deciding rule its own salience so that precedence is explicit"));
            }
        }
        return errors;
    }

    /** Runs the settings tables once, with no request facts, so only their rows can fire. */
    private static PolicySettings readSettings(KieBase kieBase, RuleFolder folder, List<PolicyError> errors) {
        PolicySettings settings = new PolicySettings();
        KieSession session = kieBase.newKieSession();
        try {
            session.insert(settings);
            session.fireAllRules();
        } catch (RuntimeException e) {
            errors.add(locate(folder, settingsProblemIn(e)));
            return settings;
        } finally {
            session.dispose();
        }
        for (SettingsProblem problem : settings.problems()) {
            errors.add(locate(folder, problem));
        }
        return settings;
    }

    /** Drools wraps what a table row's action threw; an unexpected failure becomes a problem without a row. */
    private static SettingsProblem settingsProblemIn(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SettingsProblem problem) {
                return problem;
            }
        }
        return new SettingsProblem(null, "the settings table could not be read: " + e.getMessage(), e);
    }

    /** Points a settings problem at its table row: the line of a decision table whose first cell is the row's name. */
    private static PolicyError locate(RuleFolder folder, SettingsProblem problem) {
        String firstTable = null;
        for (RuleFile f : folder.ruleSources()) {
            if (!f.path().endsWith(".csv")) {
                continue;
            }
            firstTable = firstTable == null ? f.path() : firstTable;
            String[] lines = new String(f.content(), StandardCharsets.UTF_8).split("\r?\n", -1);
            for (int i = 0; problem.row() != null && i < lines.length; i++) {
                if (lines[i].split(",", 2)[0].replace("\"", "").trim().equals(problem.row())) {
                    return new PolicyError(f.path(), i + 1, 1, problem.getMessage());
                }
            }
        }
        return new PolicyError(firstTable, 0, 0, problem.getMessage());
    }

    private static String sourceOf(RuleImpl rule) {
        if (rule.getResource() != null && rule.getResource().getSourcePath() != null) {
            return relative(rule.getResource().getSourcePath());
        }
        return null;
    }

    private static String relative(String path) {
        if (path == null) {
            return null;
        }
        return path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
    }
}
