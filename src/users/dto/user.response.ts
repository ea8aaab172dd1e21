import { ApiProperty } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty() id!: number;
  @ApiProperty() userId!: string;
  @ApiProperty() userLevel!: number;
  @ApiProperty({ type: String, nullable: true }) nickname!: string | null;
  @ApiProperty({ description: 'Starts at 1, +1 on every update' }) version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}
