using System.CommandLine;
using System.Globalization;

namespace Bot.Cli.Commands;

/// <summary>
/// A whole-number option checked against its allowed range. The range check runs only on a value that parses: a value
/// that does not (`--top abc`) is left to the parser's own one-line error (exit 2), instead of throwing from the check.
/// </summary>
public static class WholeNumberOption
{
    public static Option<int> Between(this Option<int> option, int min, int max, string allowed)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0 || !int.TryParse(r.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return;
            if (value < min || value > max) r.AddError($"{option.Name} must be {allowed}; got {value}.");
        });
        return option;
    }
}
