package org.icnnvarpro.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.icnnvarpro.io.Memory;
import org.icnnvarpro.io.Messages;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar lib/target/icnn-varpro.jar <command> [options]}.
 *
 * <p>Exit codes: 0 done; 1 the work failed (training failed, an inner solve did not converge);
 * 2 bad input, refused before any work with one line {@code error: …} (an option, a file to read,
 * an output that cannot be written or would overwrite an input, a request too large for the heap);
 * 3 the work was done but an output could not be written where asked (a fallback path is printed);
 * 130 stopped by Ctrl-C (what was done is written).
 */
@Command(name = "icnn-varpro", mixinStandardHelpOptions = true, version = "icnn-varpro 0.1.0",
        description = "Input convex neural network flows trained with variable projection.",
        subcommands = {EvalCommand.class, CheckCommand.class, TrainCommand.class, FitLastCommand.class, SampleCommand.class,
                ReproduceCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    /** Exit code when the work itself failed (e.g. training failed, an inner solve did not converge). */
    public static final int FAILED = 1;
    /** Exit code for bad input (files, options, undefined loss, requests too large), refused before any work. */
    public static final int BAD_INPUT = 2;
    /** Exit code when the work was done but an output could not be written where asked (a fallback is printed). */
    public static final int NOT_WRITTEN = 3;
    /** Exit code after Ctrl-C (or SIGTERM): the run stopped early and wrote what it had. */
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        FastRelaunch.endWithParent();
        java.util.Optional<Integer> relaunched = FastRelaunch.maybeRelaunch(args);
        System.exit(relaunched.isPresent() ? relaunched.get() : execute(args));
    }

    /** Runs the command line and returns the exit code (for tests and the notebooks). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::badOption);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            PrintWriter err = cl.getErr();
            err.println("error: out of memory: the request does not fit the Java heap (limit " + Memory.format(Memory.limit())
                    + "); run java -Xmx<size> -jar … for a larger one, or ask for less");
            err.flush();
            return BAD_INPUT;
        }
    }

    /** An option that does not parse: one {@code error:} line and a hint, never the whole usage. */
    private static int badOption(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String msg = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty())
            msg += " (did you mean " + String.join(" or ", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size()))) + "?)";
        err.println("error: " + Messages.oneLine(msg, Messages.MAX_LINE));
        String name = cmd.getCommandSpec().qualifiedName(" ");
        err.println("hint: '" + name + " --help' lists the " + (cmd.getParent() == null ? "commands and options" : "options"));
        err.flush();
        return BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof IllegalArgumentException || e instanceof NotPositiveDefiniteException || e instanceof IllegalStateException) {
            err.println("error: " + Messages.oneLine(e.getMessage(), Messages.MAX_LINE));
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof UncheckedIOException) {
            err.println("error: " + Messages.oneLine(e.getMessage(), Messages.MAX_LINE));
            err.flush();
            return NOT_WRITTEN;
        }
        err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + Messages.oneLine(e.getMessage(), Messages.MAX_LINE));
        e.printStackTrace(err);
        err.flush();
        return FAILED;
    }
}
