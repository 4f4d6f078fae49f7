import { graphql } from './gql';

/** Every GraphQL operation of the console; `npm run web:codegen` types them from schema.gql. */

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      name
      scopes
    }
  }
`);

export const PageFields = graphql(`
  fragment PageFields on PageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
`);

export const ConversationsQuery = graphql(`
  query Conversations(
    $view: TranscriptView!
    $filter: ConversationFilter
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withWhispers: Boolean!
  ) {
    conversations(
      view: $view
      filter: $filter
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      totalCount
      pageInfo {
        ...PageFields
      }
      edges {
        cursor
        node {
          id
          lastEventAt
          channel {
            id
            name
            channelType
          }
          customer {
            id
            name
          }
          participants {
            id
            name
            type
          }
          messageCount
          whisperCount @include(if: $withWhispers)
        }
      }
    }
  }
`);

export const MessageFields = graphql(`
  fragment MessageFields on TranscriptMessage {
    id
    eventId
    eventName
    timestamp
    type
    text
    visibility
    deliveryStatus
    erased
    sender {
      id
      name
      type
    }
    content {
      body
      attachment {
        name
        mimeType
        size
        mediaUrl
        caption
      }
      buttons {
        title
        payload
        type
        url
      }
      cards {
        title
        subtitle
        imageUrl
        buttons {
          title
          url
        }
      }
      location {
        latitude
        longitude
        name
        address
      }
      contacts {
        name
        phones
        emails
      }
      link {
        url
        title
        description
      }
      email {
        subject
        to
        cc
        attachments {
          name
          mimeType
          size
          mediaUrl
        }
      }
      template {
        name
        language
        parameters
      }
      wrapUp {
        codes
        notes
      }
    }
  }
`);

export const ConversationQuery = graphql(`
  query Conversation($id: ID!, $view: TranscriptView!) {
    conversation(id: $id, view: $view) {
      id
      firstEventAt
      lastEventAt
      channel {
        id
        name
        channelType
      }
      customer {
        id
        name
      }
      participants {
        id
        name
        type
      }
      transcript {
        view
        messages {
          ...MessageFields
        }
      }
    }
  }
`);

export const AgentSideQuery = graphql(`
  query AgentSide($id: ID!) {
    timeline(conversationId: $id) {
      status
      closedAt
      entries {
        eventId
        eventName
        kind
        timestamp
        activity {
          type
          role
          previousRole
          reason
          state
          participant {
            id
            name
            type
          }
        }
      }
    }
    conversationCollaboration(conversationId: $id) {
      agents {
        agent {
          id
          name
        }
        role
        roles
        messagesSent
        whispersSent
      }
      whisperThreads {
        startedAt
        endedAt
        agents {
          id
          name
        }
        messages {
          id
        }
      }
    }
  }
`);

export const AuditQuery = graphql(`
  query Audit($id: ID!) {
    verifyAuditLog(conversationId: $id) {
      ok
      checkedEvents
      firstBrokenEventId
    }
  }
`);

export const OriginalEventQuery = graphql(`
  query OriginalEvent($id: ID!) {
    originalEvent(id: $id)
  }
`);

export const ReportQuery = graphql(`
  query Report(
    $from: DateTime!
    $to: DateTime!
    $granularity: ReportGranularity!
    $groupBy: ReportGroupBy!
  ) {
    conversationReport(from: $from, to: $to, granularity: $granularity, groupBy: $groupBy) {
      bucket
      key
      conversations
      messages
      customerVisibleMessages
      agentOnlyMessages
      firstResponse {
        medianSeconds
        p90Seconds
        samples
      }
      handleTime {
        medianSeconds
        p90Seconds
        samples
      }
    }
    whispersByAgent(from: $from, to: $to, granularity: $granularity) {
      bucket
      whispers
      agent {
        id
        name
      }
    }
  }
`);

export const AccessLogQuery = graphql(`
  query AccessLog(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $from: DateTime
    $to: DateTime
    $conversationId: ID
  ) {
    accessLog(
      first: $first
      after: $after
      last: $last
      before: $before
      from: $from
      to: $to
      conversationId: $conversationId
    ) {
      totalCount
      pageInfo {
        ...PageFields
      }
      edges {
        node {
          id
          at
          keyName
          operation
          view
          conversationIds
          requestId
          details
        }
      }
    }
  }
`);
