using System.IO.Enumeration;
using Bot.Core.Documents;

namespace Bot.Core.Indexing;

/// <summary>
/// Lists the seed files of a folder as a trust boundary: only files whose real path lies inside the folder are read
/// (a link inside the folder to a file inside it is fine; a link out is skipped and reported unless
/// <c>Bot:Seeds:FollowLinksOutside</c>), folders are entered once by real path (a link loop cannot recurse), hidden
/// entries are ignored, and unknown file types are reported. FIFOs, sockets and devices report a size of 0 and are
/// refused by <see cref="DocumentLoader"/> before any read, so nothing listed here can block.
/// A plain file or folder is described by what the folder listing itself read (one stat per entry, no second look):
/// the refresh before every answer lists the whole folder, so 20 000 files must cost milliseconds, not a second.
/// </summary>
internal sealed class SeedFolderScanner(string root, bool followLinksOutside)
{
    private const int MaxLinkHops = 40; // as the kernel's ELOOP limit

    private readonly List<SeedFile> _files = [];
    private readonly List<IndexProblem> _problems = [];
    private readonly HashSet<string> _enteredFolders = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the listing alone describes what indexing would find: false when something outside it may change the
    /// outcome without changing the listing (a link whose target is missing, a folder that could not be listed, an entry
    /// that vanished while listed). Only a settled listing is recorded as the index's manifest.
    /// </summary>
    public bool Settled { get; private set; } = true;

    public (List<SeedFile> Files, List<IndexProblem> Problems) Scan()
    {
        var top = Path.GetFullPath(root);
        if (!Directory.Exists(top)) throw new DirectoryNotFoundException($"The seeds folder '{root}' does not exist.");
        var realTop = RealPath(top) ?? top;
        var pending = new Stack<(string Full, string Relative, string Real)>();
        _enteredFolders.Add(realTop);
        pending.Push((top, "", realTop));
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        while (pending.Count > 0)
        {
            var (folder, folderRelative, folderReal) = pending.Pop();
            List<Entry> entries;
            try
            {
                entries = new FileSystemEnumerable<Entry>(folder, Entry.Read, options).ToList();
                entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder that vanished or cannot be listed mid-scan: report it and go on with the rest.
                _problems.Add(new IndexProblem(folderRelative.Length == 0 ? "." : folderRelative, $"skipped: the folder cannot be listed ({e.Message})", Skipped: true));
                Settled = false;
                continue;
            }
            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.')) continue;
                if (entry.Vanished) { Settled = false; continue; }
                var relative = folderRelative.Length == 0 ? entry.Name : folderRelative + "/" + entry.Name;
                if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint)) Visit(entry.Full, relative, Path.Combine(folderReal, entry.Name), realTop, pending);
                else if (entry.Attributes.HasFlag(FileAttributes.Directory)) EnterFolder(entry.Full, relative, Path.Combine(folderReal, entry.Name), pending);
                else AddFile(entry.Full, relative, new FileStamp(entry.Length, entry.ModifiedTicks));
            }
        }
        _files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (_files, _problems);
    }

    /// <param name="realIfPlain">The entry's real path if it is not a link: its folder's real path and its name (no readlink walk per folder).</param>
    private void Visit(string full, string relative, string realIfPlain, string realTop, Stack<(string, string, string)> pending)
    {
        FileSystemInfo entry = new FileInfo(full);
        bool isLink, isFolder;
        try
        {
            var attributes = entry.Attributes;
            isLink = attributes.HasFlag(FileAttributes.ReparsePoint);
            isFolder = attributes.HasFlag(FileAttributes.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Settled = false; return; } // vanished while listed

        string real = full;
        if (isLink)
        {
            if (RealPath(full) is not { } target || !(File.Exists(target) || Directory.Exists(target)))
            {
                _problems.Add(new IndexProblem(relative, "skipped: a link whose target does not exist", Skipped: true));
                Settled = false;
                return;
            }
            real = target;
            isFolder = Directory.Exists(target);
            if (!IsInside(real, realTop) && !followLinksOutside)
            {
                _problems.Add(new IndexProblem(relative, $"skipped: a link to a {(isFolder ? "folder" : "file")} outside the seeds folder (set Bot:Seeds:FollowLinksOutside to read such links)", Skipped: true));
                return;
            }
        }
        if (isFolder)
        {
            EnterFolder(full, relative, isLink ? real : realIfPlain, pending);
            return;
        }
        FileStamp stamp;
        try
        {
            var info = new FileInfo(real);
            if (!info.Exists) { Settled = false; return; } // vanished while listed: the next run sees it gone
            stamp = new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Settled = false; return; }
        AddFile(full, relative, stamp, isLink ? real : null);
    }

    /// <summary>Entered once by real path: a link back up (l/up → ..) or to a folder listed elsewhere is not listed again.</summary>
    private void EnterFolder(string full, string relative, string realFolder, Stack<(string, string, string)> pending)
    {
        if (!_enteredFolders.Add(realFolder))
        {
            _problems.Add(new IndexProblem(relative, "skipped: a link to a folder that is already listed (a loop, or the same folder under another name)", Skipped: true));
            return;
        }
        pending.Push((full, relative, realFolder));
    }

    private void AddFile(string full, string relative, FileStamp stamp, string? target = null)
    {
        if (!DocumentLoader.IsSupported(full))
        {
            _problems.Add(new IndexProblem(relative, $"skipped: unknown file type '{Path.GetExtension(full)}'", Skipped: true));
            return;
        }
        _files.Add(new SeedFile(full, relative, stamp) { Target = target });
    }

    /// <summary>One entry of a folder listing, with what its stat said (a link is looked at again by <see cref="Visit"/>).</summary>
    private readonly record struct Entry(string Name, string Full, FileAttributes Attributes, long Length, long ModifiedTicks, bool Vanished)
    {
        public static Entry Read(ref FileSystemEntry e)
        {
            var name = e.FileName.ToString();
            var full = e.ToFullPath();
            try
            {
                var attributes = e.Attributes;
                return attributes.HasFlag(FileAttributes.Directory) || attributes.HasFlag(FileAttributes.ReparsePoint)
                    ? new Entry(name, full, attributes, 0, 0, false)
                    : new Entry(name, full, attributes, e.Length, e.LastWriteTimeUtc.UtcDateTime.Ticks, false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new Entry(name, full, 0, 0, 0, Vanished: true); // vanished while listed: the next run sees it gone
            }
        }
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == folder;

    /// <summary>
    /// The path with every link along it resolved (as realpath(3) does); null when a link cannot be resolved or the
    /// links loop.
    /// </summary>
    internal static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var rootPart = Path.GetPathRoot(full) ?? "/";
        var parts = new Queue<string>(full[rootPart.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var current = rootPart;
        int hops = 0;
        while (parts.Count > 0)
        {
            var next = Path.Combine(current, parts.Dequeue());
            string? target;
            try { target = new FileInfo(next).LinkTarget; } // readlink(2): null when not a link (or not there)
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
            if (target is null) { current = next; continue; }
            if (++hops > MaxLinkHops) return null;
            // Resolve the target against the folder holding the link, then walk it and what is left of the path.
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var resolvedRoot = Path.GetPathRoot(resolved) ?? "/";
            parts = new Queue<string>(resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(parts));
            current = resolvedRoot;
        }
        return current;
    }
}
