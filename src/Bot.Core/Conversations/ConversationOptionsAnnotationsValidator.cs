using Microsoft.Extensions.Options;

namespace Bot.Core.Conversations;

/// <summary>
/// The data-annotation rules of <see cref="ConversationOptions"/> checked by generated code: the reflection-based validator
/// (<c>ValidateDataAnnotations</c>) read every property through a reflection stub that the JIT compiled at each start.
/// </summary>
[OptionsValidator]
public sealed partial class ConversationOptionsAnnotationsValidator : IValidateOptions<ConversationOptions>;
