-- CreateTable
CREATE TABLE "pending_sign_ups" (
    "id" UUID NOT NULL,
    "invitation_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "pending_sign_ups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pending_sign_ups_token_hash_key" ON "pending_sign_ups"("token_hash");

-- CreateIndex
CREATE INDEX "pending_sign_ups_invitation_id_idx" ON "pending_sign_ups"("invitation_id");

-- AddForeignKey
ALTER TABLE "pending_sign_ups" ADD CONSTRAINT "pending_sign_ups_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
