using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bot.Core.Indexing;

/// <summary>
/// What the index records of the seeds folder after a run that brought every file into it: a fingerprint of the listing
/// (each file's path, size and modification time, a link's target, and the listing's own problems) and what that run
/// would report again (documents kept, duplicates, problems). A refresh whose listing gives the same fingerprint has
/// nothing to read, compare or write: it is answered from this record, without loading the stored stamps.
/// </summary>
/// <remarks>
/// The guarantee is the stamps' (size + mtime), made safe against edits within the file system's time granularity as
/// racy-git does: a run records a manifest only when every file's time is older than the run's start by
/// <see cref="RacyMargin"/>, so a later edit, landing after that start, gives the file a different time. A file written
/// within the margin is stored without a usable time and read again (hashed) by the next run.
/// </remarks>
internal sealed record SeedManifest(string Fingerprint, int Documents, int Duplicates, IReadOnlyList<IndexProblem> Problems)
{
    /// <summary>
    /// Files modified less than this before a run started may still change within the same file-system tick (FAT's 2 s,
    /// a second on some network shares, milliseconds on ext4/xfs/btrfs) without their time moving.
    /// </summary>
    public static readonly TimeSpan RacyMargin = TimeSpan.FromSeconds(3);

    private const string Format = "seed-manifest/1";

    /// <summary>The fingerprint of a listing (files sorted by relative path, as the scanner returns them).</summary>
    public static string FingerprintOf(IReadOnlyList<SeedFile> files, IReadOnlyList<IndexProblem> listingProblems, string parserVersion)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(listingProblems);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        void Field(string s)
        {
            // Length-prefixed, so no choice of names can make two listings hash alike.
            Number(s.Length);
            var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
            buffer.Advance(Encoding.UTF8.GetBytes(s, span));
        }
        void Number(long n)
        {
            BitConverter.TryWriteBytes(buffer.GetSpan(8), n);
            buffer.Advance(8);
        }
        void Flush()
        {
            hash.AppendData(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
        }
        Field(Format);
        Field(parserVersion);
        Number(files.Count);
        foreach (var f in files)
        {
            Field(f.Relative);
            Number(f.Stamp.Size);
            Number(f.Stamp.ModifiedTicks);
            Field(f.Target ?? "");
            if (buffer.WrittenCount > 60_000) Flush();
        }
        Number(listingProblems.Count);
        foreach (var p in listingProblems)
        {
            Field(p.Path);
            Field(p.Message);
            if (buffer.WrittenCount > 60_000) Flush();
        }
        Flush();
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public string Serialize()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("fingerprint", Fingerprint);
            w.WriteNumber("documents", Documents);
            w.WriteNumber("duplicates", Duplicates);
            w.WriteStartArray("problems");
            foreach (var p in Problems)
            {
                w.WriteStartObject();
                w.WriteString("path", p.Path);
                w.WriteString("message", p.Message);
                w.WriteBoolean("skipped", p.Skipped);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The manifest in <paramref name="text"/>; null when there is none or it is of another format or unreadable.</summary>
    public static SeedManifest? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.GetProperty("format").GetString() != Format) return null;
            var problems = new List<IndexProblem>();
            foreach (var p in root.GetProperty("problems").EnumerateArray())
                problems.Add(new IndexProblem(p.GetProperty("path").GetString()!, p.GetProperty("message").GetString()!, p.GetProperty("skipped").GetBoolean()));
            return new SeedManifest(root.GetProperty("fingerprint").GetString()!, root.GetProperty("documents").GetInt32(), root.GetProperty("duplicates").GetInt32(), problems);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // a damaged record only costs one full comparison
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Fingerprint[..12]}… {Documents} documents");
}
