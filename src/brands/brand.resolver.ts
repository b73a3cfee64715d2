// Brands: ADMIN creates them, everyone in the organization reads them.
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Brand, CreateBrandInput } from './brand.types';
import { viewerOf, type Context } from '../graphql/context';
import { toGlobalId } from '../graphql/relay';
import { query } from '../db/transaction';
import { BadUserInputError, requireStorableText, requireText } from '../graphql/errors';
import type { BrandRow } from '../graphql/loaders';

@Resolver(() => Brand)
export class BrandResolver {
  @Authorized()
  @Query(() => [Brand], { description: "The organization's brands, by name" })
  async brands(@Ctx() ctx: Context): Promise<BrandRow[]> {
    return query<BrandRow>(
      ctx.services.dataSource,
      `SELECT id, organization_id, name, keywords, detection FROM brand WHERE organization_id = $1 ORDER BY name LIMIT 1000`,
      [viewerOf(ctx).organizationId],
    );
  }

  @Authorized('ADMIN')
  @Mutation(() => Brand)
  async createBrand(@Arg('input') input: CreateBrandInput, @Ctx() ctx: Context): Promise<BrandRow> {
    const name = requireText(input.name, 'input.name', 200);
    const keywords = [...new Set((input.keywords ?? []).map((k, i) => requireStorableText(k, `input.keywords[${i}]`).trim()).filter(Boolean))];
    const [row] = await query<BrandRow>(
      ctx.services.dataSource,
      `INSERT INTO brand (organization_id, name, keywords) VALUES ($1, $2, $3)
       ON CONFLICT (organization_id, name) DO NOTHING RETURNING id, organization_id, name, keywords, detection`,
      [viewerOf(ctx).organizationId, name, keywords],
    );
    if (!row) throw new BadUserInputError('input.name', `a brand named "${name}" already exists`);
    return row;
  }

  @FieldResolver(() => ID)
  id(@Root() brand: BrandRow): string {
    return toGlobalId('Brand', brand.id);
  }
}
