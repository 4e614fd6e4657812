package org.icnnvarpro.cli;

import java.io.PrintWriter;
import org.icnnvarpro.model.NotPositiveDefiniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar lib/target/icnn-varpro.jar <command> [options]}.
 * Errors in the input are reported as one line {@code error: …} with exit code 2.
 */
@Command(name = "icnn-varpro", mixinStandardHelpOptions = true, version = "icnn-varpro 0.1.0",
        description = "Input convex neural network flows trained with variable projection.",
        subcommands = {EvalCommand.class, CheckCommand.class, TrainCommand.class, FitLastCommand.class, SampleCommand.class,
                ReproduceCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input (files, options, undefined loss). */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        java.util.Optional<Integer> relaunched = FastRelaunch.maybeRelaunch(args);
        System.exit(relaunched.isPresent() ? relaunched.get() : execute(args));
    }

    /** Runs the command line and returns the exit code (for tests and the notebooks). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl.execute(args);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof IllegalArgumentException || e instanceof NotPositiveDefiniteException
                || e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
