namespace Bot.Core.Text;

/// <summary>A word in a text: its surface form, its offsets and its normalised, stemmed key.</summary>
public readonly record struct WordToken(string Surface, int Start, int End, string Normal, string Stem)
{
    public bool IsNumber => Surface.Length > 0 && char.IsDigit(Surface[0]);
    public bool IsCapitalized => Surface.Length > 0 && char.IsUpper(Surface[0]);
}
