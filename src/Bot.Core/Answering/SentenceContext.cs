using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Reads a sentence with its antecedent: a sentence whose subject is a pronoun ("He said…"), a role ("The Speaker…",
/// "The 67-year-old killer…") or an unattributed quotation continues the sentence before it in its paragraph, so the
/// names that sentence holds are the sentence's own for matching ("How old is McArthur?" → "The 67-year-old killer…").
/// </summary>
internal static class SentenceContext
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "He", "She", "They", "It", "His", "Her", "Their", "Its", "This", "These", "That", "Those", "We", "I", "Our", "Such",
    };

    // Verbs that attribute words to a speaker ("…", he said); ReportedSpeech reads these and more.
    internal static readonly HashSet<string> SaidVerbs = new(StringComparer.Ordinal) { "said", "says", "added", "explained", "told", "stated", "noted" };

    private static readonly HashSet<string> Subjects = new(StringComparer.Ordinal) { "he", "she", "they", "it", "we" };

    /// <summary>Whether the sentence names its subject only by pronoun, role or an unattributed quotation.</summary>
    public static bool LeansOnAntecedent(string text, List<WordToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) return false;
        var first = tokens[0].Surface;
        if (Pronouns.Contains(first)) return true;
        if (first is "The" && tokens.Count > 1) return true;
        if (IsQuotation(text)) return !AttributedToName(tokens);
        // "…, he said." / "said he": attributed to a pronoun.
        for (int i = 1; i < tokens.Count; i++)
            if (SaidVerbs.Contains(tokens[i].Surface) && (Subjects.Contains(tokens[i - 1].Normal) || (i + 1 < tokens.Count && Subjects.Contains(tokens[i + 1].Normal))))
                return true;
        return false;
    }

    // Capitalised roles that stand for a person or body named earlier ("The Speaker…", "The Prime Minister…").
    private static readonly HashSet<string> CapitalisedRoles = new(StringComparer.Ordinal)
    {
        "Speaker", "President", "Minister", "Prime", "Administrator", "Commissioner", "Premier", "Chancellor", "Governor", "Mayor",
        "Secretary", "Senator", "Judge", "Justice", "Chairman", "Chairwoman", "Director", "Police", "Government", "Council", "Court",
        "Company", "Agency", "Ministry", "Department", "Board", "Club",
    };

    // Nouns for people and bodies that news names once and then calls by their role.
    private static readonly HashSet<string> RoleNouns = new(StringComparer.Ordinal)
    {
        "visitors", "hosts", "team", "club", "coach", "captain", "player", "players", "minister", "ministers", "president",
        "premier", "chancellor", "company", "firm", "group", "government", "council", "court", "judge", "police", "officer",
        "officers", "official", "officials", "agency", "authorities", "commissioner", "administrator", "spokesman", "spokeswoman",
        "spokesperson", "killer", "suspect", "accused", "defendant", "victim", "man", "woman", "boy", "girl", "couple", "family",
        "researchers", "scientists", "author", "authors", "leader", "leaders", "party", "union", "organisation", "organization",
        "bank", "airline", "mayor", "governor", "senator", "speaker", "secretary", "director", "chief", "chairman", "chairwoman",
        "founder", "owner", "crew", "members", "member", "prosecutor", "prosecutors", "lawyer", "lawyers", "attorney", "ambassador",
        "envoy", "delegation", "committee", "commission", "ministry", "department", "administration", "opposition", "singer",
        "band", "winner", "champions", "former", "latter", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    };

    /// <summary>
    /// Whether the sentence alone does not say who it is about, so that its quote should span its antecedent: a pronoun
    /// opening ("He also ran…"), a role as subject ("The visitors…", "The 67-year-old killer…", "The Speaker…" — but not a
    /// name such as "The EastMed pipeline…"), or a quotation attributed to nobody or to a pronoun or role ("…", he said /
    /// "…", the minister said).
    /// </summary>
    public static bool NeedsAntecedentToSayWho(string text, List<WordToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        if (!LeansOnAntecedent(text, tokens)) return false;
        // "“I pledge…,” Pelosi told the public": a quotation in the first person, attributed by name, says who.
        if (tokens[0].Surface is "I" && IsQuotation(text)) return !AttributedToName(tokens);
        if (tokens[0].Surface is not "The") return true;
        // "The" + a role within its first few words ("The visitors", "The 67-year-old killer", "The eighth") not followed by
        // the name in apposition ("The Italian foreign minister, Luigi Di Maio, …"); "The embargo…", "The city…" and
        // "The EastMed pipeline…" say what they are about.
        for (int r = 1; r < Math.Min(tokens.Count, 5); r++)
        {
            var t = tokens[r];
            if (!(t.IsCapitalized ? CapitalisedRoles.Contains(t.Surface) : RoleNouns.Contains(t.Normal))) continue;
            if (r + 1 < tokens.Count && tokens[r + 1].Normal is "of") return true; // "The Speaker of the House…": an office
            return !tokens.Skip(r + 1).Take(3).Any(n => n.IsCapitalized && !Pronouns.Contains(n.Surface) && !CapitalisedRoles.Contains(n.Surface));
        }
        return false;
    }

    /// <summary>Whether the sentence opens with a quotation mark.</summary>
    public static bool IsQuotation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var opening = text.TrimStart();
        return opening.Length > 0 && opening[0] is '"' or '“' or '\'' or '‘';
    }

    /// <summary>
    /// Whether the sentence names someone or something: a capitalised word after the first (the first word is capitalised
    /// anyway, so it counts only as the start of a longer name: "Nancy Pelosi…").
    /// </summary>
    public static bool SaysWho(List<WordToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (int i = 1; i < tokens.Count; i++)
            if (tokens[i].IsCapitalized && !Pronouns.Contains(tokens[i].Surface)) return true;
        return false;
    }

    // "…", Kidston said. / said Bolden: the quotation names its speaker itself.
    private static bool AttributedToName(List<WordToken> tokens)
    {
        for (int i = 1; i < tokens.Count; i++)
        {
            if (!SaidVerbs.Contains(tokens[i].Surface)) continue;
            if (tokens[i - 1].IsCapitalized || (i + 1 < tokens.Count && tokens[i + 1].IsCapitalized)) return true;
        }
        return false;
    }

    /// <summary>
    /// Finds, once per question, each candidate's antecedents: for a sentence that leans on its antecedent, the sentence
    /// before it in its paragraph — and the one before that when that one leans too; null for the other sentences.
    /// </summary>
    public static int[]?[] Antecedents(IReadOnlyList<SentenceRow> sentences, List<List<WordToken>> tokens)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(tokens);
        var index = new Dictionary<(long, int), int>(sentences.Count);
        for (int i = 0; i < sentences.Count; i++) index[(sentences[i].DocumentId, sentences[i].Ordinal)] = i;
        var leans = new bool[sentences.Count];
        for (int i = 0; i < sentences.Count; i++) leans[i] = LeansOnAntecedent(sentences[i].Text, tokens[i]);
        var result = new int[]?[sentences.Count];
        for (int i = 0; i < sentences.Count; i++)
        {
            if (!leans[i]) continue;
            var s = sentences[i];
            if (!index.TryGetValue((s.DocumentId, s.Ordinal - 1), out var k) || sentences[k].Paragraph != s.Paragraph) continue;
            result[i] = leans[k] && index.TryGetValue((s.DocumentId, s.Ordinal - 2), out var k2) && sentences[k2].Paragraph == s.Paragraph ? [k, k2] : [k];
        }
        return result;
    }

    /// <summary>The names (capitalised words that do not open a sentence) of a sentence's antecedents, earliest first; null when it has none.</summary>
    public static string? Names(int[]? antecedents, List<List<WordToken>> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (antecedents is null) return null;
        var names = antecedents.Reverse().SelectMany(k => tokens[k].Skip(1).Where(t => t.IsCapitalized && !Pronouns.Contains(t.Surface)).Select(t => t.Surface))
            .Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 0 ? string.Join(" ", names) : null;
    }

    /// <summary>
    /// Lifts each leaning sentence's match of the question's name terms (capitalised in the question) to what its
    /// antecedents match. Every lift reads the matches as they were before any lift.
    /// </summary>
    public static void Apply(IReadOnlyList<QueryTerm> terms, int[]?[] antecedents, List<double[]> match)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(antecedents);
        var names = Enumerable.Range(0, terms.Count).Where(j => terms[j].Surface.Length > 0 && char.IsUpper(terms[j].Surface[0])).ToArray();
        if (names.Length == 0) return;
        var lifted = new List<(int Sentence, int Term, double Value)>();
        for (int i = 0; i < antecedents.Length; i++)
        {
            if (antecedents[i] is not { } chain) continue;
            foreach (var j in names)
            {
                double best = chain.Max(k => match[k][j]);
                if (best > match[i][j]) lifted.Add((i, j, best));
            }
        }
        foreach (var (i, j, value) in lifted) match[i][j] = value;
    }
}
