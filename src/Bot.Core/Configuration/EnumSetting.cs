using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Configuration;

/// <summary>
/// Enum-valued settings (<c>Bot:Index:Provider</c>, <c>Bot:Embeddings:Provider</c>) checked before the configuration binder
/// reads them: the binder reports a bad value as an <see cref="InvalidOperationException"/> about type conversion; this
/// says which key, which value and what is allowed, as an <see cref="OptionsValidationException"/> like every other
/// configuration error.
/// </summary>
public static class EnumSetting
{
    /// <exception cref="OptionsValidationException">The key holds a value that is not one of <typeparamref name="TEnum"/>'s names.</exception>
    public static void ThrowIfInvalid<TEnum>(IConfiguration configuration, string key)
        where TEnum : struct, Enum
    {
        if (GetError<TEnum>(configuration, key) is { } error) throw new OptionsValidationException(key, typeof(TEnum), [error]);
    }

    /// <summary>
    /// Null when the key is unset or names a member (any case, as the binder accepts); otherwise the message. Set but
    /// empty (<c>Bot__Index__Provider=</c>) is an error, as the binder would fail on it too.
    /// </summary>
    public static string? GetError<TEnum>(IConfiguration configuration, string key)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        if (value is null) return null;
        // Why: Enum.TryParse also takes "a,b" (flags) and numbers; only a defined single member is a valid choice.
        if (!value.Contains(',', StringComparison.Ordinal) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            return null;
        var allowed = string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        return $"{key} has an unknown value '{value}'; allowed values: {allowed}.";
    }
}
