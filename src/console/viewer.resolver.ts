import { Query, Resolver } from '@nestjs/graphql';
import type { AuthenticatedKey } from '../auth/api-key.service.js';
import { CurrentKey } from '../auth/current-key.decorator.js';
import { Viewer } from './models/viewer.model.js';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'The API key of the request, with its scopes. Any valid key.',
  })
  viewer(@CurrentKey() key: AuthenticatedKey): Viewer {
    return { name: key.name, scopes: [...key.scopes] };
  }
}
