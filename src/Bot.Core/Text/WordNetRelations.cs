using System.IO.Compression;
using System.Text;

namespace Bot.Core.Text;

/// <summary>
/// Pairs of English words WordNet 3.0 relates: synonyms, derivations ("negotiate" ~ "negotiation") and hypernyms of
/// nouns and verbs ("van" ~ "truck"), for each word's most frequent senses (derived by tools/wordnet/derive.py from
/// Debian's wordnet-base; WordNet licence in src/Bot.Core/Text/Data/WORDNET-LICENSE.txt). Words are keyed by stem
/// (<see cref="WordTokenizer.StemOf"/>), so any inflection of either word meets the other. Loaded once, on first use.
/// </summary>
public sealed class WordNetRelations
{
    private const string ResourceName = "Bot.Core.Text.Data.wordnet-relations.txt.gz";
    private static readonly Lazy<WordNetRelations> Embedded = new(() => Load(OpenEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, int> _ids;
    private readonly HashSet<long> _pairs;

    private WordNetRelations(Dictionary<string, int> ids, HashSet<long> pairs)
    {
        _ids = ids;
        _pairs = pairs;
    }

    /// <summary>The table shipped inside Bot.Core.</summary>
    public static WordNetRelations Default => Embedded.Value;

    /// <summary>Related stem pairs (each counted once).</summary>
    public int Count => _pairs.Count;

    /// <summary>The id of a stem, or -1 when WordNet relates it to nothing.</summary>
    public int IdOf(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        return _ids.TryGetValue(stem, out var id) ? id : -1;
    }

    /// <summary>Whether two stems' words are related (the same stem is not a relation).</summary>
    public bool Related(string stemA, string stemB) => Related(IdOf(stemA), IdOf(stemB));

    /// <summary>Whether two stem ids (<see cref="IdOf"/>) are related.</summary>
    public bool Related(int a, int b) => a >= 0 && b >= 0 && a != b && _pairs.Contains(Key(a, b));

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    /// <summary>Reads the derived file: lines "word TAB related related ...", "#" lines are comments.</summary>
    public static WordNetRelations Load(Stream gzip)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        using var z = new GZipStream(gzip, CompressionMode.Decompress);
        using var reader = new StreamReader(z, Encoding.UTF8);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var pairs = new HashSet<long>();
        int Id(string word)
        {
            var stem = WordTokenizer.StemOf(word);
            if (!ids.TryGetValue(stem, out var id)) ids[stem] = id = ids.Count;
            return id;
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0) throw new InvalidDataException($"WordNet relations: a line without a tab: {line}");
            int a = Id(line[..tab]);
            foreach (var other in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int b = Id(other);
                if (a != b) pairs.Add(Key(a, b));
            }
        }
        return new WordNetRelations(ids, pairs);
    }

    private static Stream OpenEmbedded() =>
        typeof(WordNetRelations).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Bot.Core.");
}
