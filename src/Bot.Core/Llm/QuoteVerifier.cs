using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Text;

namespace Bot.Core.Llm;

/// <summary>
/// Checks a model's answer against the numbered passages it was given. Every quoted span must occur verbatim (after
/// normalising whitespace, quote marks, dashes and ellipses) in the passage it cites; a span found in another passage is
/// re-cited; a near miss (a paraphrase) is replaced by the verbatim source sentence it paraphrases; anything else is
/// dropped together with its sentence and counted. [n] markers that point to no passage are removed; a sentence left with
/// no support is dropped. Quotes come back as exact file offsets, so every front end renders them unchanged.
/// </summary>
public static partial class QuoteVerifier
{
    /// <summary>Word overlap (Dice) a paraphrase needs with a source sentence to be repaired rather than dropped.</summary>
    public const double NearMissThreshold = 0.6;

    /// <summary>Word overlap a bare [n] citation needs with a sentence of passage n to be kept.</summary>
    public const double BareCitationThreshold = 0.25;

    // [2], [1, 3], [1; 3], and the variants models drift into: [^2], [Passage 2].
    [GeneratedRegex(@"\[\s*(?:\^|passage\s+)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    /// <summary>Verifies <paramref name="modelText"/>; <paramref name="passages"/>[0] is passage [1].</summary>
    public static VerifiedAnswer Verify(string modelText, IReadOnlyList<PassageHit> passages)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        ArgumentNullException.ThrowIfNull(passages);
        var state = new State(passages);
        var text = modelText.Trim();
        var quotes = FindQuotes(text);
        var markers = FindMarkers(text, quotes);
        var kept = new StringBuilder();
        int unsupported = 0;
        bool sawNotFound = false;
        int previousEnd = 0;
        foreach (var (start, end) in Segments(text, quotes, markers))
        {
            var segment = ProcessSegment(state, text, start, end, quotes, markers);
            bool newLine = text.AsSpan(previousEnd, start - previousEnd).Contains('\n');
            previousEnd = end;
            if (segment is null) continue;
            if (segment.Length == 0)
            {
                var original = text[start..end].Trim();
                if (IsNotFound(original)) sawNotFound = true;
                else if (original.Any(char.IsLetterOrDigit) && !original.EndsWith(':')) unsupported++; // a lead-in ("From the passages:") is no claim
                continue;
            }
            // Keep the reply's line structure (lists), otherwise one paragraph.
            if (kept.Length > 0) kept.Append(newLine ? '\n' : ' ');
            kept.Append(segment);
        }
        var answerText = kept.ToString().Trim();
        bool notFound = state.Quotes.Count == 0 && (sawNotFound || IsNotFound(text));
        if (notFound) answerText = Answer.NotFoundText;
        return new VerifiedAnswer(answerText, state.Quotes, notFound, state.Verified, state.Repaired, state.Dropped, state.RemovedMarkers, unsupported);
    }

    private static bool IsNotFound(string text)
    {
        var words = string.Join(' ', WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()));
        return words.StartsWith("not found in the sources", StringComparison.Ordinal) || words == "not found";
    }

    /// <summary>
    /// The segment's rebuilt text; "" when it has no support left (or is the not-found sentence); null when one of its
    /// quotes could not be verified (the whole claim goes).
    /// </summary>
    private static string? ProcessSegment(State state, string text, int start, int end, List<Span> quotes, List<Marker> markers)
    {
        var segQuotes = quotes.Where(q => q.Open >= start && q.Open < end).ToList();
        var segMarkers = markers.Where(m => m.Start >= start && m.Start < end).ToList();
        var replacements = new List<(int Start, int End, string Text)>();
        var markerNumbers = segMarkers.ToDictionary(m => m, _ => new List<int>());
        var quoteNumbers = new List<(int Passage, int Number)>();
        bool anyDropped = false;

        for (int qi = 0; qi < segQuotes.Count; qi++)
        {
            var q = segQuotes[qi];
            int nextOpen = qi + 1 < segQuotes.Count ? segQuotes[qi + 1].Open : end;
            int prevClose = qi > 0 ? segQuotes[qi - 1].Close : start;
            var marker = segMarkers.FirstOrDefault(m => m.Start > q.Close && m.Start < nextOpen)
                ?? segMarkers.LastOrDefault(m => m.Start >= prevClose && m.Start < q.Open);
            var content = text[(q.Open + 1)..Math.Min(q.Close, text.Length)];
            var found = state.Resolve(content, marker?.Numbers ?? []);
            if (found is null)
            {
                anyDropped = true;
                continue;
            }
            var (passage, number, quoteText) = found.Value;
            replacements.Add((q.Open + 1, q.Close, quoteText));
            quoteNumbers.Add((passage, number));
            if (marker is not null) markerNumbers[marker].Add(number);
            else replacements.Add((q.Close + 1, q.Close + 1, $" [{number}]"));
        }
        if (anyDropped) return null;

        // Bare markers (citing a passage without quoting it): point them at a quote of that passage, or at the passage's
        // sentence that best matches the claim; otherwise they support nothing and go.
        var claimWords = Words(text[start..end]); // the claim, its verified quotations included
        foreach (var m in segMarkers)
        {
            if (markerNumbers[m].Count > 0) continue;
            foreach (var p in m.Numbers)
            {
                if (p < 1 || p > state.Passages.Count)
                {
                    state.RemovedMarkers++;
                    continue;
                }
                var existing = quoteNumbers.FirstOrDefault(x => x.Passage == p);
                int? n = existing.Number > 0 ? existing.Number : state.BestSentenceQuote(p, claimWords);
                if (n is null) state.RemovedMarkers++;
                else if (!markerNumbers[m].Contains(n.Value)) markerNumbers[m].Add(n.Value);
            }
        }
        foreach (var (m, numbers) in markerNumbers)
        {
            var replacement = string.Concat(numbers.Distinct().Select(n => $"[{n}]"));
            int from = m.Start;
            if (replacement.Length == 0) while (from > start && text[from - 1] == ' ') from--; // no orphan space before the removed marker
            replacements.Add((from, m.End, replacement));
        }
        if (quoteNumbers.Count == 0 && markerNumbers.Values.All(v => v.Count == 0)) return "";

        var sb = new StringBuilder(text[start..end]);
        foreach (var (s, e, r) in replacements.OrderByDescending(r => r.Start).ThenByDescending(r => r.End))
        {
            sb.Remove(s - start, e - s);
            sb.Insert(s - start, r);
        }
        return sb.ToString().Trim();
    }

    internal static List<string> Words(string text) =>
        WordPattern().Matches(NormalizedText.Create(text).Text).Select(m => m.Value.ToLowerInvariant()).ToList();

    internal static double Dice(List<string> a, List<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in b) counts[w] = counts.GetValueOrDefault(w) + 1;
        int common = 0;
        foreach (var w in a)
        {
            if (counts.TryGetValue(w, out var c) && c > 0)
            {
                common++;
                counts[w] = c - 1;
            }
        }
        return 2.0 * common / (a.Count + b.Count);
    }

    /// <summary>Quoted spans: "…" and “…” (an unclosed one runs to the end), «…», and ‘…’ opened after a space.</summary>
    private static List<Span> FindQuotes(string text)
    {
        var spans = new List<Span>();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\u2018' && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
            {
                // Single quotes: ’ is also the apostrophe (Russia’s), so only a ’ not followed by a letter closes.
                int close = i + 1;
                while (close < text.Length && !(text[close] is '\u2019' or '\'' && (close + 1 >= text.Length || !char.IsLetter(text[close + 1])))) close++;
                if (close < text.Length && close > i + 1)
                {
                    spans.Add(new Span(i, close));
                    i = close;
                }
                continue;
            }
            if (c is not ('"' or '\u201C' or '\u00AB')) continue;
            // A straight quote right after a letter or digit is an inch mark or a stray; not an opening quote.
            if (c == '"' && i > 0 && char.IsLetterOrDigit(text[i - 1])) continue;
            char close1 = c == '"' ? '"' : c == '\u00AB' ? '\u00BB' : '\u201D';
            int j = text.IndexOfAny(c == '"' ? ['"', '\u201D'] : [close1, '"'], i + 1);
            if (j < 0) j = text.Length;
            if (text.AsSpan(i + 1, j - i - 1).Trim().Length > 0) spans.Add(new Span(i, j));
            i = j;
        }
        return spans;
    }

    private static List<Marker> FindMarkers(string text, List<Span> quotes)
    {
        var result = new List<Marker>();
        foreach (Match m in MarkerPattern().Matches(text))
        {
            if (quotes.Any(q => m.Index > q.Open && m.Index < q.Close)) continue; // "[3]" inside a quotation is quoted text
            var numbers = m.Groups[1].Value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
            result.Add(new Marker(m.Index, m.Index + m.Length, numbers));
        }
        return result;
    }

    /// <summary>Sentence-like segments of the reply; quotations never split, and markers stay with the sentence they end.</summary>
    private static List<(int Start, int End)> Segments(string text, List<Span> quotes, List<Marker> markers)
    {
        var segments = new List<(int, int)>();
        int segStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            var quote = quotes.FirstOrDefault(q => q.Open == i);
            if (quote is not null)
            {
                i = quote.Close + 1;
                var content = text[(quote.Open + 1)..Math.Min(quote.Close, text.Length)].TrimEnd();
                if (content.Length > 0 && content[^1] is '.' or '!' or '?' or '\u2026')
                {
                    int j = SkipMarkers(text, i, markers);
                    int k = j;
                    while (k < text.Length && text[k] is ' ' or '\t') k++;
                    if (k >= text.Length || char.IsUpper(text[k]) || text[k] is '"' or '\u201C' or '\n' or '\r')
                    {
                        Cut(j);
                        i = j;
                    }
                }
                continue;
            }
            char c = text[i];
            if (c == '\n')
            {
                Cut(i);
                i++;
                segStart = i;
                continue;
            }
            if (c is '.' or '!' or '?' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                int j = SkipMarkers(text, i + 1, markers);
                Cut(j);
                i = j;
                continue;
            }
            i++;
        }
        Cut(text.Length);
        return segments;

        void Cut(int at)
        {
            if (at > segStart && text.AsSpan(segStart, at - segStart).Trim().Length > 0) segments.Add((segStart, at));
            segStart = at;
        }
    }

    private static int SkipMarkers(string text, int from, List<Marker> markers)
    {
        int pos = from;
        while (true)
        {
            int k = pos;
            while (k < text.Length && text[k] is ' ' or '\t') k++;
            var m = markers.FirstOrDefault(x => x.Start == k);
            if (m is null) return pos;
            pos = m.End;
            if (pos < text.Length && text[pos] is '.' or ',' or ';') pos++;
        }
    }

    private sealed record Span(int Open, int Close);

    private sealed record Marker(int Start, int End, IReadOnlyList<int> Numbers);

    /// <summary>Passages (normalized once), the quotes collected so far and the counts.</summary>
    private sealed class State(IReadOnlyList<PassageHit> passages)
    {
        private readonly NormalizedText?[] _normalized = new NormalizedText?[passages.Count];
        private readonly Dictionary<(string Path, int Start, int End), int> _numbers = [];

        public IReadOnlyList<PassageHit> Passages => passages;

        public List<Quote> Quotes { get; } = [];

        public int Verified { get; set; }

        public int Repaired { get; set; }

        public int Dropped { get; set; }

        public int RemovedMarkers { get; set; }

        /// <summary>Finds a quoted span: verbatim in a cited passage, verbatim elsewhere (re-cited), or as a near miss.</summary>
        public (int Passage, int Number, string Text)? Resolve(string quoted, IReadOnlyList<int> cited)
        {
            var needles = Needles(NormalizedText.Create(quoted).Text);
            if (needles.Count == 0)
            {
                Dropped++;
                return null;
            }
            var valid = cited.Where(p => p >= 1 && p <= passages.Count).Distinct().ToList();
            RemovedMarkers += cited.Count(p => p < 1 || p > passages.Count);
            foreach (var needle in needles)
            {
                foreach (var p in valid)
                {
                    if (Find(p, needle) is { } hit)
                    {
                        Verified++;
                        return (p, Add(p, hit.Start, hit.End), hit.Text);
                    }
                }
            }
            foreach (var needle in needles)
            {
                for (int p = 1; p <= passages.Count; p++)
                {
                    if (!valid.Contains(p) && Find(p, needle) is { } hit)
                    {
                        Repaired++; // right words, wrong (or no) passage number
                        return (p, Add(p, hit.Start, hit.End), hit.Text);
                    }
                }
            }
            var words = Words(quoted);
            var candidates = valid.Count > 0 ? valid : Enumerable.Range(1, passages.Count).ToList();
            (int Passage, TextSpan Span, double Score) best = (0, default, 0);
            foreach (var p in candidates)
            {
                foreach (var (span, score) in SentenceScores(p, words))
                {
                    if (score > best.Score) best = (p, span, score);
                }
            }
            if (best.Score >= NearMissThreshold)
            {
                Repaired++;
                var text = passages[best.Passage - 1].Text[best.Span.Start..best.Span.End];
                return (best.Passage, Add(best.Passage, best.Span.Start, best.Span.End), text);
            }
            Dropped++;
            return null;
        }

        /// <summary>The quote number of the sentence of passage <paramref name="p"/> that best matches a claim, if any matches.</summary>
        public int? BestSentenceQuote(int p, List<string> claimWords)
        {
            var best = SentenceScores(p, claimWords, pairs: false).OrderByDescending(s => s.Score).FirstOrDefault();
            return best.Score >= BareCitationThreshold ? Add(p, best.Span.Start, best.Span.End) : null;
        }

        private IEnumerable<(TextSpan Span, double Score)> SentenceScores(int p, List<string> words, bool pairs = true)
        {
            var text = passages[p - 1].Text;
            var sentences = SentenceSplitter.Split(text, 0, text.Length);
            for (int i = 0; i < sentences.Count; i++)
            {
                yield return (sentences[i], Dice(words, Words(text[sentences[i].Start..sentences[i].End])));
                if (pairs && i + 1 < sentences.Count)
                {
                    var pair = new TextSpan(sentences[i].Start, sentences[i + 1].End);
                    yield return (pair, Dice(words, Words(text[pair.Start..pair.End])) - 0.05); // prefer one sentence on a near tie
                }
            }
        }

        private (int Start, int End, string Text)? Find(int p, string needle)
        {
            var hay = _normalized[p - 1] ??= NormalizedText.Create(passages[p - 1].Text);
            int at = hay.Text.IndexOf(needle, StringComparison.Ordinal);
            // Models capitalise a quotation that starts mid-sentence; the text shown is the source's own either way.
            if (at < 0) at = hay.Text.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return null;
            var (s, e) = hay.ToOriginal(at, needle.Length);
            return (s, e, hay.Original[s..e]);
        }

        /// <summary>The 1-based quote number of passage-relative span [start, end) of passage p, adding the quote if new.</summary>
        private int Add(int p, int start, int end)
        {
            var hit = passages[p - 1];
            var key = (hit.Path, hit.Start + start, hit.Start + end);
            if (_numbers.TryGetValue(key, out var n)) return n;
            Quotes.Add(new Quote(hit.Text[start..end], hit.Title, hit.Path, hit.Paragraph, hit.Start + start, hit.Start + end, Math.Round(hit.Score, 4), hit.Url).WithCitation(hit.Citation));
            _numbers[key] = Quotes.Count;
            return Quotes.Count;
        }

        // Ellipses and stray punctuation at the ends of a quotation are the model's, not the source's: try the quotation as
        // written first (keeping a final full stop the source has), then without them.
        private static List<string> Needles(string s)
        {
            var asWritten = s.Trim();
            while (asWritten.StartsWith("...", StringComparison.Ordinal)) asWritten = asWritten[3..].TrimStart();
            while (asWritten.EndsWith("...", StringComparison.Ordinal)) asWritten = asWritten[..^3].TrimEnd();
            var bare = asWritten.TrimEnd('.', ',', ';', ':', ' ');
            return new[] { asWritten, bare }.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        }
    }
}
