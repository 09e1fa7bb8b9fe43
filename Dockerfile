# The Jiayi app image: one image, two roles (the web server and the Temporal worker).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate \
 && node scripts/build-web.ts
EXPOSE 3000
CMD ["node", "api/main.ts"]
