using System.Diagnostics;

namespace TinyNN.Cli;

/// <summary>
/// A live one-line progress display on stderr (redrawn in place on a terminal; on a redirected stream one line
/// each tenth, so CI logs stay short).
/// </summary>
internal sealed class ProgressBar(string label, long total)
{
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly bool live = !Console.IsErrorRedirected;
    private int lastTenth = -1;
    private long lastDraw;

    public void Report(long done, string detail = "")
    {
        var fraction = total == 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        var tenth = (int)(fraction * 10);
        var now = watch.ElapsedMilliseconds;
        if (live ? now - lastDraw < 100 && done < total : tenth == lastTenth) return;
        lastDraw = now;
        lastTenth = tenth;
        const int width = 24;
        var filled = (int)(fraction * width);
        var eta = fraction > 0 ? TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        var line = $"{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {detail} eta {eta:mm\\:ss}";
        if (live) Console.Error.Write("\r" + line.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 120, 160)));
        else Console.Error.WriteLine(line);
    }

    public void Done()
    {
        if (live) Console.Error.WriteLine();
    }
}
