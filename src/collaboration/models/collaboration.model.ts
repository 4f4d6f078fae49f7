import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Participant } from '../../transcripts/models/participant.model.js';
import { TranscriptMessage } from '../../transcripts/models/transcript-message.model.js';

@ObjectType({
  description: 'A run of consecutive agent-only messages between customer-visible ones.',
})
export class WhisperThread {
  @Field({ description: 'Time of the first message of the thread.' })
  startedAt!: Date;

  @Field({ description: 'Time of the last message of the thread.' })
  endedAt!: Date;

  @Field(() => [Participant], { description: 'Agents who whispered in this thread.' })
  agents!: Participant[];

  @Field(() => [TranscriptMessage], { description: "The thread's messages, in transcript order." })
  messages!: TranscriptMessage[];
}

@ObjectType({ description: 'An agent of one conversation and what they did in it.' })
export class ConversationAgent {
  @Field(() => Participant, { description: 'The agent.' })
  agent!: Participant;

  @Field(() => String, {
    nullable: true,
    description:
      'Current role (PRIMARY, ASSISTANT, SILENT_MONITOR, WHISPER, WRAP_UP, ...), from joins and role changes; null when none.',
  })
  role!: string | null;

  @Field(() => [String], {
    description: 'Every role the agent held in the conversation, in order.',
  })
  roles!: string[];

  @Field(() => Int, { description: 'Customer-visible messages the agent sent.' })
  messagesSent!: number;

  @Field(() => Int, { description: 'Whispers (WHISPER_MESSAGE) the agent sent.' })
  whispersSent!: number;
}

@ObjectType({ description: 'How agents worked together on one conversation. Agent-only.' })
export class ConversationCollaboration {
  @Field(() => ID, { description: 'The conversation.' })
  conversationId!: string;

  @Field(() => [ConversationAgent], {
    description: 'Every agent recorded as a participant of the conversation.',
  })
  agents!: ConversationAgent[];

  @Field(() => [WhisperThread], { description: 'Whisper threads in transcript order.' })
  whisperThreads!: WhisperThread[];
}

@ObjectType({ description: 'An agent who was PRIMARY while another agent whispered.' })
export class ConsultedAgent {
  @Field(() => Participant, { description: 'The PRIMARY agent.' })
  agent!: Participant;

  @Field(() => Int, {
    description: 'Conversations in which the agent whispered while this agent was PRIMARY.',
  })
  conversations!: number;
}

@ObjectType({ description: "One agent's whispering over a time range." })
export class AgentCollaboration {
  @Field(() => Participant, { description: 'The agent who whispered.' })
  agent!: Participant;

  @Field(() => Int, { description: 'Whispers (WHISPER_MESSAGE) the agent sent in the range.' })
  whispersSent!: number;

  @Field(() => Int, { description: 'Conversations in which the agent whispered in the range.' })
  conversationsWithWhispers!: number;

  @Field(() => [ConsultedAgent], {
    description:
      'The agents consulted: those who were PRIMARY when this agent whispered, most conversations first.',
  })
  consulted!: ConsultedAgent[];

  @Field(() => Float, {
    nullable: true,
    description: "Median seconds from the customer's first message to this agent's first whisper.",
  })
  firstWhisperMedianSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of the same.' })
  firstWhisperP90Seconds!: number | null;
}
