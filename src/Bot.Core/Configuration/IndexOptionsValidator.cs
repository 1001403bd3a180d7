using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Core.Configuration;

/// <summary>Start-up validation of <see cref="IndexOptions"/>; messages name the setting and never echo the password.</summary>
public sealed class IndexOptionsValidator : IValidateOptions<IndexOptions>
{
    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IReadOnlyList<string> GetErrors(IndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = IndexOptions.SectionName;
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"{S}:Provider must be sqlite or postgres; got '{options.Provider}'.");
            return errors;
        }
        if (options.Provider != IndexProvider.Postgres) return errors;

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{S}:ConnectionString is required when {S}:Provider is postgres (e.g. Host=localhost;Database=bot;Username=bot;Password=…; " +
                "set it with the environment variable Bot__Index__ConnectionString).");
            return errors;
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The parser's message may quote the offending part of the string, which can be the password: say only what kind.
            errors.Add($"{S}:ConnectionString is not a valid Npgsql connection string ({e.GetType().Name}); expected Key=Value pairs such as Host=…;Database=…;Username=….");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            errors.Add($"{S}:ConnectionString has no Host.");
        if (string.IsNullOrWhiteSpace(builder.Database))
            errors.Add($"{S}:ConnectionString has no Database.");
        return errors;
    }
}
