using System.Text.RegularExpressions;

namespace Bot.Core.Documents;

/// <summary>
/// Tells wire-style news from reference text by three hand-written signs with fixed cut-offs, each a vote for news: the
/// document is short (at most <see cref="MaxNewsWords"/> words), its paragraphs are short (at most
/// <see cref="MaxNewsParagraphWords"/> words on average, the first line — a title — left out) and it reports speech (at
/// least <see cref="MinAttributionsPerThousandWords"/> "said", "says", "told", "according to", "stated", "announced" or
/// "reported" per 1,000 words). Two votes make news. The cut-offs sit between the 41 Wikinews articles news-train had when
/// they were set (244–678 words, 42–95 words a paragraph, 1.7–27 attributions per 1,000 words) and squad-dev's
/// tuning-half Wikipedia articles (2,867–5,893 words, 119–143 a paragraph, 0.8–1.8 attributions); news-dev was not
/// looked at to set them. news-train has 85 articles now; all of them read as news (GenreDetectorTests).
/// </summary>
public static partial class GenreDetector
{
    public const int MaxNewsWords = 1500;
    public const double MaxNewsParagraphWords = 100;
    public const double MinAttributionsPerThousandWords = 3;

    /// <summary>The signs <see cref="Detect"/> votes on, for diagnostics and tests.</summary>
    public readonly record struct Signs(int Words, double WordsPerParagraph, double AttributionsPerThousandWords)
    {
        public int NewsVotes =>
            (Words <= MaxNewsWords ? 1 : 0) + (WordsPerParagraph <= MaxNewsParagraphWords ? 1 : 0) +
            (AttributionsPerThousandWords >= MinAttributionsPerThousandWords ? 1 : 0);

        public DocumentGenre Genre => NewsVotes >= 2 ? DocumentGenre.News : DocumentGenre.Reference;
    }

    public static DocumentGenre Detect(string text) => Measure(text).Genre;

    public static Signs Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A word never spans a line break, so the lines' counts add up to the text's: each line is counted once.
        int words = 0, titleWords = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            int count = Word().Count(lines[i]);
            words += count;
            if (i == 0 && lines.Length > 1) titleWords = count;
        }
        int bodyWords = words - titleWords, bodyLines = lines.Length > 1 ? lines.Length - 1 : lines.Length;
        double perParagraph = bodyLines == 0 ? 0 : (double)bodyWords / bodyLines;
        double attributions = words == 0 ? 0 : 1000.0 * Attribution().Count(text) / words;
        return new Signs(words, perParagraph, attributions);
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?:said|says|told|according to|stated|announced|reported)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();
}
