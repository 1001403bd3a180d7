namespace Bot.Core.Embeddings;

/// <summary>
/// Which token sequences to run, and which positions of each to pool, so that every text of a batch gets its own vector
/// (exactly the sequence embedding it alone runs) and each of its spans a vector pooled from the text's token outputs
/// (<see cref="SentenceVectorMode.Derived"/>).
/// <para>
/// A span's tokens: BERT's pre-tokeniser splits at whitespace and punctuation, so the text's WordPiece ids are its spans'
/// ids and the ids of the gaps between them, in order. That is checked for each text; where it does not hold (spans that
/// overlap or cut a word) each span gets a sequence of its own (its separate vector). Spans past the text's truncated run
/// (a text longer than the model's maximum) are pooled from further windows of the text, each starting at a span and
/// taking as many whole spans as fit; a single span longer than the maximum is pooled over its first tokens, as its
/// separate vector would be truncated.
/// </para>
/// </summary>
internal sealed class SpanPlan
{
    /// <summary>Positions [From, To) of sequence <see cref="Sequence"/> pooled into text <see cref="Text"/>'s vector (<see cref="Span"/> -1) or span vector.</summary>
    public readonly record struct Slot(int Sequence, int Text, int Span, int From, int To);

    public List<IReadOnlyList<int>> Sequences { get; } = [];

    public List<Slot> Slots { get; } = [];

    /// <param name="texts">The texts and their spans.</param>
    /// <param name="tokenize">A text as the model is fed it alone: [CLS] ids [SEP], truncated.</param>
    /// <param name="encode">A text's WordPiece ids, no special tokens, not truncated.</param>
    /// <param name="maxContent">Most ids between [CLS] and [SEP].</param>
    /// <param name="cls">The [CLS] id.</param>
    /// <param name="sep">The [SEP] id.</param>
    public static SpanPlan Build(IReadOnlyList<SpannedText> texts, Func<string, IReadOnlyList<int>> tokenize, Func<string, IReadOnlyList<int>> encode, int maxContent, int cls, int sep)
    {
        var plan = new SpanPlan();
        for (int t = 0; t < texts.Count; t++) plan.Add(t, texts[t], tokenize, encode, maxContent, cls, sep);
        return plan;
    }

    private int AddSequence(IReadOnlyList<int> ids)
    {
        Sequences.Add(ids);
        return Sequences.Count - 1;
    }

    private void Add(int t, SpannedText text, Func<string, IReadOnlyList<int>> tokenize, Func<string, IReadOnlyList<int>> encode, int maxContent, int cls, int sep)
    {
        foreach (var (start, end) in text.Spans)
        {
            if (start < 0 || end < start || end > text.Text.Length)
                throw new ArgumentException($"Span [{start}, {end}) lies outside a text of {text.Text.Length} characters.", nameof(text));
        }

        var full = encode(text.Text);
        // The text's own run: its ids as embedding it alone gives them (a prefix of the full ids when it is truncated).
        var run = full.Count <= maxContent ? Wrap(full, 0, full.Count, cls, sep) : tokenize(text.Text);
        int first = AddSequence(run);
        Slots.Add(new Slot(first, t, -1, 0, run.Count));
        int fits = CommonPrefix(run, full);

        var ranges = TokenRanges(text, full, encode);
        var pending = new List<int>();
        for (int k = 0; k < text.Spans.Count; k++)
        {
            if (ranges is null || ranges[k].To == ranges[k].From)
            {
                // No token range of its own in the text (or none at all): its separate vector.
                var alone = tokenize(text.Text[text.Spans[k].Start..text.Spans[k].End]);
                Slots.Add(new Slot(AddSequence(alone), t, k, 0, alone.Count));
            }
            else if (ranges[k].To <= fits) Slots.Add(new Slot(first, t, k, ranges[k].From + 1, ranges[k].To + 1));
            else pending.Add(k);
        }

        // Windows over the rest, in token order: each from a span's first token, as many whole spans as fit.
        pending.Sort((a, b) => ranges![a].From.CompareTo(ranges[b].From));
        for (int i = 0; i < pending.Count;)
        {
            int from = ranges![pending[i]].From, end = Math.Min(ranges[pending[i]].To, from + maxContent), j = i + 1;
            while (j < pending.Count && ranges[pending[j]].From >= end && ranges[pending[j]].To - from <= maxContent) end = ranges[pending[j++]].To;
            int sequence = AddSequence(Wrap(full, from, end, cls, sep));
            for (; i < j; i++) Slots.Add(new Slot(sequence, t, pending[i], ranges[pending[i]].From - from + 1, Math.Min(ranges[pending[i]].To, end) - from + 1));
        }
    }

    /// <summary>Each span's [From, To) in <paramref name="full"/>, or null when the ids are not the spans' and gaps' ids in order.</summary>
    private static (int From, int To)[]? TokenRanges(SpannedText text, IReadOnlyList<int> full, Func<string, IReadOnlyList<int>> encode)
    {
        var order = Enumerable.Range(0, text.Spans.Count).OrderBy(k => text.Spans[k].Start).ThenBy(k => text.Spans[k].End).ToArray();
        var ranges = new (int From, int To)[text.Spans.Count];
        int position = 0, cursor = 0;
        foreach (var k in order)
        {
            var (start, end) = text.Spans[k];
            if (start < cursor) return null; // overlapping spans
            if (!Matches(full, ref position, encode(text.Text[cursor..start]))) return null;
            int from = position;
            if (!Matches(full, ref position, encode(text.Text[start..end]))) return null;
            ranges[k] = (from, position);
            cursor = end;
        }

        return Matches(full, ref position, encode(text.Text[cursor..])) && position == full.Count ? ranges : null;
    }

    private static bool Matches(IReadOnlyList<int> full, ref int position, IReadOnlyList<int> part)
    {
        if (position + part.Count > full.Count) return false;
        for (int i = 0; i < part.Count; i++)
        {
            if (full[position + i] != part[i]) return false;
        }

        position += part.Count;
        return true;
    }

    /// <summary>How many of <paramref name="run"/>'s ids (after [CLS], before [SEP]) equal the full ids' first ones.</summary>
    private static int CommonPrefix(IReadOnlyList<int> run, IReadOnlyList<int> full)
    {
        int n = Math.Min(run.Count - 2, full.Count), i = 0;
        while (i < n && run[i + 1] == full[i]) i++;
        return i;
    }

    private static int[] Wrap(IReadOnlyList<int> ids, int from, int to, int cls, int sep)
    {
        var result = new int[to - from + 2];
        result[0] = cls;
        for (int i = from; i < to; i++) result[i - from + 1] = ids[i];
        result[^1] = sep;
        return result;
    }
}
