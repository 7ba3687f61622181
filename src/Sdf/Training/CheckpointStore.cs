namespace TinyNN.Training;

/// <summary>
/// The save protocol of a checkpoint folder (the live one, e.g. <c>sdf-out/checkpoint</c>) and its hidden siblings:
/// write every file into <c>.checkpoint.tmp-*</c>, flush them, write the manifest last (the folder is now a complete
/// checkpoint), rename the live folder to <c>.checkpoint.old-*</c>, rename the new one in, delete the old one. Cut
/// short at any point, by an error or a kill, at least one complete checkpoint exists, and the newest is either the
/// live one or a sibling; <see cref="Recover"/> makes the newest live and deletes the rest. Every save and every
/// <see cref="FindNewest"/> recovers first, so orphaned siblings never accumulate.
/// </summary>
public sealed class CheckpointStore
{
    private const string Temporary = "tmp-";
    private const string Aside = "old-";

    private readonly Func<string, long?>? legacyStep;

    /// <summary>
    /// The store of the live checkpoint folder <paramref name="directory"/>. <paramref name="legacyStep"/> gives the
    /// step of a folder saved before manifests existed (null when it is not one), so that such checkpoints still count.
    /// </summary>
    public CheckpointStore(string directory, Func<string, long?>? legacyStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.legacyStep = legacyStep;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        Parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"a checkpoint folder needs a parent folder (got '{directory}')", nameof(directory));
        Name = Path.GetFileName(full);
        // As given, so that messages show the path the user typed.
        Directory = Path.TrimEndingDirectorySeparator(directory);
    }

    /// <summary>The live checkpoint folder, as given.</summary>
    public string Directory { get; }

    /// <summary>Called at each point between the steps of a save (fault-injection tests throw or kill the process there).</summary>
    public Action<CheckpointSavePoint>? AtPoint { get; init; }

    private string Parent { get; }

    private string Name { get; }

    /// <summary>
    /// Saves a checkpoint of <paramref name="step"/>: each of <paramref name="files"/> is called with its path in a
    /// temporary folder and writes it. On an error the newest complete checkpoint stays (or becomes) live, and the
    /// error is rethrown.
    /// </summary>
    public void Save(long step, IReadOnlyList<(string Name, Action<string> Write)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("a checkpoint needs at least one file (got none)", nameof(files));
        System.IO.Directory.CreateDirectory(Parent);
        Recover();
        var temporary = Sibling(Temporary);
        try
        {
            System.IO.Directory.CreateDirectory(temporary);
            for (var i = 0; i < files.Count; i++)
            {
                files[i].Write(Path.Combine(temporary, files[i].Name));
                if (i == 0) AtPoint?.Invoke(CheckpointSavePoint.FilesStarted);
            }
            AtPoint?.Invoke(CheckpointSavePoint.FilesWritten);
            CheckpointManifest.Write(temporary, step, files.Select(f => f.Name));
            AtPoint?.Invoke(CheckpointSavePoint.Completed);
            var old = System.IO.Directory.Exists(Directory) ? Sibling(Aside) : null;
            if (old is not null) System.IO.Directory.Move(Directory, old);
            AtPoint?.Invoke(CheckpointSavePoint.LiveMovedAside);
            System.IO.Directory.Move(temporary, Directory);
            AtPoint?.Invoke(CheckpointSavePoint.NewMovedIn);
            if (old is not null) System.IO.Directory.Delete(old, recursive: true);
            // Leftovers of a save cut short before any checkpoint existed, which the recovery above had to keep.
            Recover();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the disk may be failing still; the next save or resume recovers the same way.
            try
            {
                Recover();
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
            throw;
        }
    }

    /// <summary>
    /// Finishes or undoes what an interrupted save left: makes the newest complete checkpoint (the live folder or a
    /// hidden sibling) live and deletes every sibling. The live folder is never deleted, only replaced by a newer
    /// complete one; with no complete checkpoint anywhere, nothing is touched.
    /// </summary>
    public void Recover()
    {
        var siblings = Siblings();
        // The usual case: the last save finished, so there is nothing to read or hash.
        if (siblings.Count == 0) return;
        var liveStep = LiveStep();
        var newest = siblings.Select(path => (Path: path, Step: StepOf(path)))
            .Where(c => c.Step is not null && (liveStep is null || c.Step > liveStep))
            .OrderByDescending(c => c.Step)
            .FirstOrDefault();
        if (newest.Path is not null)
        {
            // Rename, never delete, the live folder first: a kill here leaves both candidates for the next recovery.
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Move(Directory, Sibling(Aside));
            System.IO.Directory.Move(newest.Path, Directory);
            liveStep = newest.Step;
        }
        if (liveStep is null) return;
        foreach (var sibling in Siblings()) System.IO.Directory.Delete(sibling, recursive: true);
    }

    /// <summary>The step of the live checkpoint when it is complete, else null (without recovering).</summary>
    public long? LiveStep() => System.IO.Directory.Exists(Directory) ? StepOf(Directory) : null;

    /// <summary>
    /// The store <c>--resume PATH</c> means: PATH's <c>checkpoint</c> folder when PATH holds one (or what an
    /// interrupted save left of it), else PATH itself as the checkpoint folder.
    /// </summary>
    public static CheckpointStore ForResume(string path, string checkpointName = "checkpoint", Func<string, long?>? legacyStep = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var inside = new CheckpointStore(Path.Combine(path, checkpointName), legacyStep);
        return System.IO.Directory.Exists(inside.Directory) || inside.Siblings().Count > 0 ? inside : new CheckpointStore(path, legacyStep);
    }

    /// <summary>The live folder after <see cref="Recover"/>: the newest complete checkpoint when there is one (its loader checks it).</summary>
    public string FindNewest()
    {
        Recover();
        return Directory;
    }

    /// <summary>A complete checkpoint's step: its manifest's, or, for a folder saved before manifests existed, what legacyStep says.</summary>
    private long? StepOf(string folder) =>
        File.Exists(Path.Combine(folder, CheckpointManifest.FileName)) ? CheckpointManifest.CompleteStep(folder) : legacyStep?.Invoke(folder);

    private string Sibling(string kind) => Path.Combine(Parent, $".{Name}.{kind}{Guid.NewGuid():N}");

    private List<string> Siblings() =>
        !System.IO.Directory.Exists(Parent) ? []
        : [.. System.IO.Directory.EnumerateDirectories(Parent, $".{Name}.*")
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith($".{Name}.{Temporary}", StringComparison.Ordinal)
                || n.StartsWith($".{Name}.{Aside}", StringComparison.Ordinal)))];
}
