using Bot.Core.Text;

namespace Bot.Core.Chunking;

/// <summary>
/// Cuts a "sentence" longer than the passage budget into pieces that fit it, so no sentence, passage or quote is
/// unbounded (200,000 short lines without punctuation would otherwise be one 1.7-million-character sentence). Each cut
/// falls at a token boundary, preferring the last clause mark (; : , — –) in the second half of the piece, then the
/// last space, so a piece reads as a clause; pieces keep the sentence's exact characters, without surrounding spaces.
/// </summary>
public static class LongSentenceSplitter
{
    private const int WindowCharsPerToken = 16;

    public static IEnumerable<TextSpan> Split(string text, TextSpan sentence, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        int start = sentence.Start, end = sentence.End;
        while (start < end)
        {
            // Only a window is tokenized each time (a token is rarely over 16 characters), so a huge sentence costs
            // linear time rather than one pass over the rest per piece.
            var window = text.AsSpan(start, Math.Min(end - start, maxTokens * WindowCharsPerToken));
            int fits = TokenCounter.Instance.GetIndexByTokenCount(window, maxTokens, out _, out _);
            if (fits >= end - start)
            {
                yield return new TextSpan(start, end);
                yield break;
            }
            if (fits <= 0) fits = Math.Min(window.Length, maxTokens); // one token longer than the budget: cut by characters
            int cut = BestCut(window[..fits]);
            int pieceEnd = start + cut;
            int trimmedEnd = pieceEnd;
            while (trimmedEnd > start && char.IsWhiteSpace(text[trimmedEnd - 1])) trimmedEnd--;
            if (trimmedEnd > start) yield return new TextSpan(start, trimmedEnd);
            start = pieceEnd;
            while (start < end && char.IsWhiteSpace(text[start])) start++;
        }
    }

    /// <summary>Where to end a piece within <paramref name="window"/>: after a clause mark or a space in its second half, else at its end.</summary>
    private static int BestCut(ReadOnlySpan<char> window)
    {
        int half = window.Length / 2;
        for (int i = window.Length - 1; i >= half; i--)
            if (window[i] is ';' or ':' or ',' or '—' or '–' && (i + 1 == window.Length || char.IsWhiteSpace(window[i + 1]))) return i + 1;
        for (int i = window.Length - 1; i >= half; i--)
            if (char.IsWhiteSpace(window[i])) return i + 1;
        // No space in the second half: avoid splitting a surrogate pair.
        return window.Length > 1 && char.IsHighSurrogate(window[^1]) ? window.Length - 1 : window.Length;
    }
}
