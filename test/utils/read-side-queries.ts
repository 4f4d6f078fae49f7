export const CONVERSATION_FIELDS = `
  id firstEventAt lastEventAt messageCount
  channel { id name channelType }
  customer { id name type }
  participants { id name type }
  lastMessage { id eventId eventName timestamp type text visibility channelSessionId sender { id name type } }
  transcript { conversationId view messages { id eventId eventName timestamp type text visibility channelSessionId sender { id name type } } }`;

export const CONVERSATION_QUERY = `
  query Conversation($id: ID!, $view: TranscriptView!) { conversation(id: $id, view: $view) { ${CONVERSATION_FIELDS} } }`;

export const CONVERSATIONS_QUERY = `
  query Conversations($filter: ConversationFilter, $view: TranscriptView!, $first: Int, $after: String) {
    conversations(filter: $filter, view: $view, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { ${CONVERSATION_FIELDS} } }
    }
  }`;

export const ACCESS_LOG_QUERY = `
  query AccessLog($conversationId: ID, $first: Int, $after: String) {
    accessLog(conversationId: $conversationId, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id at keyName operation view conversationIds requestId details } }
    }
  }`;
