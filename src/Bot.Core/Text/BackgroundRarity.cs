namespace Bot.Core.Text;

/// <summary>
/// How rare a word is in general English, not in the user's corpus: its frequency rank in the shipped GloVe table
/// (<see cref="WordVectors"/>: the 50 000 most frequent all-letter words of GloVe 6B — Wikipedia and Gigaword newswire —
/// in corpus-frequency order, PDDL 1.0), as ln(1 + rank) / ln(1 + 50 000): "said" 0.22, "vehicle" 0.69, "pact" 0.76,
/// "oxygen" 0.81, "Normandy" 0.87; a word the table lacks (a rare name such as "Huguenots", a number) is 1. No data
/// beyond the table already shipped.
/// </summary>
public static class BackgroundRarity
{
    /// <summary>0 (the commonest word) … 1 (not among the 50 000 commonest) for a normalised word (<see cref="WordTokenizer.Normalize"/>).</summary>
    public static double Of(string normalWord)
    {
        var table = WordVectors.Default;
        int rank = table.IndexOf(normalWord);
        return rank < 0 ? 1 : Math.Log(1 + rank) / Math.Log(1 + table.Count);
    }
}
