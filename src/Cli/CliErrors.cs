using System.CommandLine;
using System.CommandLine.Invocation;

namespace TinyNN.Cli;

/// <summary>A command line System.CommandLine could not parse, as one line: the command, the errors and its typo corrections.</summary>
internal static class CliErrors
{
    /// <summary>The message of <paramref name="parseResult"/>, whose action is System.CommandLine's <see cref="ParseErrorAction"/>.</summary>
    public static string Describe(ParseResult parseResult)
    {
        // System.CommandLine's own report (each error, then "Did you mean one of the following?" and its corrections),
        // without the help text, captured and folded onto one line.
        var action = (ParseErrorAction)parseResult.Action!;
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var report = new StringWriter();
        parseResult.Invoke(new InvocationConfiguration { Output = report, Error = report, EnableDefaultExceptionHandler = false });
        var errors = parseResult.Errors.Select(e => e.Message).ToList();
        // `tinynn bnech`: the root's "Required command was not provided." says less than the unmatched token does.
        var reported = errors.Count > 1 ? errors.Where(e => !e.StartsWith("Required command", StringComparison.Ordinal)).ToList() : errors;
        var corrections = new List<string>();
        foreach (var line in report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (errors.Contains(line)) continue;
            // "'--stpes' was not matched. Did you mean one of the following?" then one candidate a line.
            if (line.EndsWith('?') || corrections.Count == 0) corrections.Add(line);
            else corrections[^1] += (corrections[^1].EndsWith('?') ? " " : ", ") + line;
        }
        var command = parseResult.CommandResult.Command;
        return (command is RootCommand ? "" : command.Name + ": ") + string.Join(' ', reported.Concat(corrections));
    }
}
