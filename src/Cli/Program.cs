using System.CommandLine;
using System.CommandLine.Invocation;
using TinyNN.Cli;

// System.CommandLine parses the command line, prints `--help`, suggests corrections of typos and answers tab completion
// (the [suggest] directive); CliCommands hands each command's values to its runner, which checks them.
var root = CliCommands.Build();
// `tinynn help` and `tinynn help sdf`: the help of the root or of that command.
if (args is ["help", .. var topic]) args = [.. topic, "--help"];
// No response files: an '@' starting a value (a path) stays what it is.
var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

if (args.Length == 0)
{
    // A bare `tinynn`: the overview, and the exit code of a command line that runs nothing.
    parseResult = root.Parse(["--help"]);
    parseResult.Invoke();
    return 2;
}

try
{
    if (parseResult.Action is ParseErrorAction)
    {
        throw new UsageException(CliErrors.Describe(parseResult));
    }
    // Exceptions reach the handlers below (not System.CommandLine's), and signals stay TerminationSignals' to handle.
    return parseResult.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (DivergenceException e)
{
    Console.Error.WriteLine($"tinynn: {e.Message}");
    return 3;
}
catch (Exception e) when (e is UsageException or ArgumentException or InvalidOperationException or IOException or InvalidDataException
    or NotSupportedException or UnauthorizedAccessException or TinyNN.Configs.ConfigException or OutOfMemoryException)
{
    Console.Error.WriteLine($"tinynn: {(e is OutOfMemoryException ? "out of memory: " : "")}{e.Message}");
    return 2;
}
