namespace Bot.Core.Configuration;

/// <summary>
/// `Bot:Seeds`: what of the seeds folder is read. The folder is a trust boundary — a bot that answers strangers must
/// not quote a file someone linked in from elsewhere on the machine.
/// </summary>
public sealed class SeedFolderOptions
{
    /// <summary>
    /// Also read files and folders that symbolic links inside the seeds folder point to outside it (off: such links are
    /// skipped and reported). Loops are never followed.
    /// </summary>
    public bool FollowLinksOutside { get; set; }
}
