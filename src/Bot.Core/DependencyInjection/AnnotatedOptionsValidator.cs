using Bot.Core.Answering;
using Bot.Core.Configuration;
using Bot.Core.Conversations;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Ingesting;
using Bot.Core.Watching;
using Microsoft.Extensions.Options;

namespace Bot.Core.DependencyInjection;

/// <summary>
/// The data-annotation rules ([Range], [Required]) of the options classes bound at start-up, checked by code the options
/// source generator writes for each interface below: the reflection-based validator (<c>ValidateDataAnnotations</c>) read
/// every property through a reflection stub that the JIT compiled at each start. Registered once per options type.
/// </summary>
[OptionsValidator]
public sealed partial class AnnotatedOptionsValidator :
    IValidateOptions<BotOptions>, IValidateOptions<ScoringWeights>, IValidateOptions<IndexRefreshOptions>, IValidateOptions<IngestOptions>,
    IValidateOptions<WatchOptions>, IValidateOptions<FeedbackOptions>, IValidateOptions<ConversationOptions>;
