using System.Runtime.InteropServices;

namespace TinyNN.Cli;

/// <summary>
/// SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) for `tinynn sdf`. While training, a signal asks the loop
/// to stop after the current step and save a checkpoint (<see cref="Requested"/>); while a checkpoint is being saved,
/// the exit waits for the save; in every other phase (ground truth, compilation, meshing, pictures, metrics) the
/// process exits at once. The exit code is 128 + the signal number: 130, 143, 129.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly PosixSignalRegistration[] registrations;
    private readonly Lock gate = new();
    private readonly TextWriter log;
    private Phase phase = Phase.Exiting;
    private string? exitNote;

    /// <summary>Handles the three signals from now on; <paramref name="log"/> gets the line said on an immediate exit.</summary>
    public TerminationSignals(TextWriter log)
    {
        this.log = log;
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, Handle))];
    }

    private enum Phase
    {
        Exiting,
        Training,
        Saving,
    }

    /// <summary>The signal received while training or saving, if any.</summary>
    public PosixSignal? Requested { get; private set; }

    /// <summary>The process exit code for <see cref="Requested"/> (128 + its number).</summary>
    public int ExitCode => Requested is { } signal ? ExitCodeOf(signal) : 0;

    /// <summary>The name a user knows the requested signal by.</summary>
    public string Name => Requested switch
    {
        PosixSignal.SIGINT => "Ctrl-C",
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGHUP => "SIGHUP",
        _ => "no signal",
    };

    /// <summary>From now until <see cref="EndTraining"/>, a signal stops the loop after its step instead of the process.</summary>
    public void BeginTraining()
    {
        lock (gate) phase = Phase.Training;
    }

    /// <summary>Back to exiting at once on a signal (one that came in training is still <see cref="Requested"/>).</summary>
    public void EndTraining()
    {
        lock (gate) phase = Phase.Exiting;
    }

    /// <summary>Runs a checkpoint save that a signal does not cut short; a signal during it exits right after, unless training is to stop cleanly.</summary>
    public void Protect(Action save, string noteAfterExit)
    {
        Phase previous;
        lock (gate)
        {
            previous = phase;
            phase = Phase.Saving;
        }
        try
        {
            save();
        }
        finally
        {
            lock (gate) phase = previous;
        }
        exitNote = noteAfterExit;
        if (previous == Phase.Exiting && Requested is { } signal) Exit(signal);
    }

    /// <summary>What to say when a signal ends the process outside training (e.g. where the checkpoint is).</summary>
    public void NoteForExit(string? note) => exitNote = note;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
    }

    private static int ExitCodeOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 129,
        PosixSignal.SIGINT => 130,
        PosixSignal.SIGTERM => 143,
        _ => 1,
    };

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        lock (gate)
        {
            Requested ??= context.Signal;
            if (phase != Phase.Exiting) return;
        }
        Exit(context.Signal);
    }

    private void Exit(PosixSignal signal)
    {
        try
        {
            log.WriteLine($"stopped by {signal}" + (exitNote is null ? "" : $"; {exitNote}"));
            log.Flush();
        }
        catch (IOException)
        {
            // SIGHUP: the terminal may be gone.
        }
        Environment.Exit(ExitCodeOf(signal));
    }
}
