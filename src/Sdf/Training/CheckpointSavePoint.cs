namespace TinyNN.Training;

/// <summary>
/// The points between the steps of a <see cref="CheckpointStore"/> save. A failure or a kill at any of them leaves
/// a complete checkpoint that <see cref="CheckpointStore.Recover"/> finds; a fault-injection hook sees each one.
/// </summary>
public enum CheckpointSavePoint
{
    /// <summary>The temporary folder holds some of the files (the first one is written).</summary>
    FilesStarted,

    /// <summary>Every data file is in the temporary folder; its manifest is not.</summary>
    FilesWritten,

    /// <summary>The manifest is written and flushed: the temporary folder is a complete checkpoint.</summary>
    Completed,

    /// <summary>The live checkpoint has been renamed aside; the new one is not live yet.</summary>
    LiveMovedAside,

    /// <summary>The new checkpoint is live; the previous one still exists, aside, until it is deleted.</summary>
    NewMovedIn,
}
